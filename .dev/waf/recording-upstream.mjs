// A stand-in upstream for the WAF test, used ONLY to count what got past the WAF:
// it records every request it receives (one JSON line each) and answers 200 with a
// SOAP SendNotificationResult OK, as webhook-ingress would. Point the WAF at the real
// webhook-ingress (WAF_UPSTREAM) to test against the service itself.
//   node .dev/waf/recording-upstream.mjs RECORD_FILE PORT_FILE
// Listens on 127.0.0.1, port 0 (the kernel picks one), and writes that port to PORT_FILE.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';

const [recordFile, portFile] = process.argv.slice(2);
if (!recordFile || !portFile) {
  process.stderr.write('usage: recording-upstream.mjs RECORD_FILE PORT_FILE\n');
  process.exit(2);
}
const OK = '<?xml version="1.0" encoding="utf-8"?><soap11:Envelope xmlns:soap11="http://schemas.xmlsoap.org/soap/envelope/"><soap11:Body><SendNotificationResult xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><SubscriptionStatus>OK</SubscriptionStatus></SendNotificationResult></soap11:Body></soap11:Envelope>';

const server = createServer((req, res) => {
  let bytes = 0;
  req.on('data', (chunk) => { bytes += chunk.length; });
  req.on('end', () => {
    const testCase = req.headers['x-waf-test-case'] ?? '';
    appendFileSync(recordFile, JSON.stringify({ method: req.method, url: req.url, bytes, testCase }) + '\n');
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(req.method === 'GET' ? 'ok' : OK);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  writeFileSync(portFile, String(typeof address === 'object' && address ? address.port : ''));
});
process.on('SIGTERM', () => { server.close(() => process.exit(0)); });
