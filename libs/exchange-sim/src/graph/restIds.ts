// Graph (REST) ids of the EWS face's items: the same bytes, URL-safe ("/" → "-", "+" → "_"),
// as Exchange's translateExchangeIds maps ewsId ↔ restId. Both faces so name the same item.
export const toRestId = (ewsId: string): string => ewsId.replaceAll('/', '-').replaceAll('+', '_');
export const toEwsId = (restId: string): string => restId.replaceAll('-', '/').replaceAll('_', '+');
