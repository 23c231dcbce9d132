// Namespace URIs the EWS push protocol uses (docs/protocols.md §2). Matching is always on these
// URIs plus local names; prefixes differ between Exchange builds (`soap11:`, `s:`, default ns).
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const EWS_MESSAGES_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';
export const EWS_TYPES_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';
