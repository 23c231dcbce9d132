// The baseline for the ingress benchmark: Koa answering the same SOAP reply to
// the same POST, without reading, parsing or recording the body. What the ingress
// costs above this is its real work.
import Koa from 'koa';
import { sendNotificationReply } from '@rooms-sync/ews';
import { startHttpServer } from '@rooms-sync/http';

const reply = sendNotificationReply('OK');
const app = new Koa();
app.use(function staticReply(ctx) {
  ctx.req.resume();
  ctx.type = 'text/xml; charset=utf-8';
  ctx.body = reply;
});
const server = await startHttpServer(app.callback(), { port: 0 });
process.stdout.write(`${JSON.stringify({ msg: 'bare koa listening', public: server.url })}\n`);
process.on('SIGTERM', () => {
  void server.close(1000).then(() => process.exit(0));
});
