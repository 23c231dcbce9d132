// The simulated Entra ID: the client-credentials token endpoint (secret or certificate assertion)
// and the metadata MSAL reads before asking for a token (tenant OpenID configuration, instance
// discovery, signing keys). Endpoint URLs are built from the request's own host, so they point
// back at this simulator whatever port it got.
import { Router } from '@koa/router';
import { readBody } from '@rooms-sync/http';
import type { Context } from 'koa';
import { constantTimeEqual as same } from '../constantTimeEqual.ts';
import type { Clock } from '../clock.ts';
import { aadError } from './aadError.ts';
import type { AccessTokens } from './accessTokens.ts';
import type { AppRegistry } from './appRegistry.ts';
import { verifyClientAssertion } from './verifyClientAssertion.ts';

export interface TokenDeps {
  apps: AppRegistry;
  tokens: AccessTokens;
  clock: Clock;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const origin = (ctx: Context) => `${ctx.protocol}://${ctx.host}`;

function openIdConfiguration(base: string, tenant: string) {
  const t = `${base}/${tenant}`;
  return {
    token_endpoint: `${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${t}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${t}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'tid', 'ver'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

export function createTokenRouter(deps: TokenDeps): Router {
  const r = new Router();
  const knownTenant = (ctx: Context, tenant: string): boolean => {
    if (deps.apps.hasTenant(tenant)) return true;
    aadError(
      ctx,
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      deps.clock.now(),
    );
    return false;
  };

  r.get('/common/discovery/instance', (ctx) => {
    ctx.body = {
      tenant_discovery_endpoint: `${origin(ctx)}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: ctx.host, preferred_cache: ctx.host, aliases: [ctx.host] }],
    };
  });
  r.get('/:tenant/v2.0/.well-known/openid-configuration', (ctx) => {
    const tenant = ctx.params.tenant ?? '';
    if (knownTenant(ctx, tenant)) ctx.body = openIdConfiguration(origin(ctx), tenant);
  });
  r.get('/:tenant/discovery/v2.0/keys', (ctx) => {
    ctx.body = deps.tokens.jwks();
  });
  r.post('/:tenant/oauth2/v2.0/token', async (ctx) => {
    const tenant = ctx.params.tenant ?? '';
    const now = deps.clock.now();
    const form = new URLSearchParams((await readBody(ctx.req, 64 * 1024)).toString('utf8'));
    if (!knownTenant(ctx, tenant)) return;
    if (form.get('grant_type') !== 'client_credentials') {
      aadError(ctx, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.', now);
      return;
    }
    const clientId = form.get('client_id') ?? '';
    const app = deps.apps.find(tenant, clientId);
    if (!app) {
      aadError(
        ctx,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
        now,
      );
      return;
    }
    const scope = form.get('scope') ?? '';
    const resource = /^(https:\/\/[^\s]+?)\/?\.default$/.exec(
      scope.split(' ').find((s) => s.endsWith('.default')) ?? '',
    );
    if (!resource?.[1]) {
      aadError(
        ctx,
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        now,
      );
      return;
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (!app.secrets.some((s) => same(s, secret))) {
        aadError(
          ctx,
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
          now,
        );
        return;
      }
    } else if (assertion !== null && form.get('client_assertion_type') === ASSERTION_TYPE) {
      const check = verifyClientAssertion(assertion, app, {
        apps: deps.apps,
        clock: deps.clock,
        tokenEndpoint: `${origin(ctx)}/${tenant}/oauth2/v2.0/token`,
      });
      if (!check.ok) {
        aadError(ctx, 401, 'invalid_client', check.aadsts, check.message, now);
        return;
      }
    } else {
      aadError(
        ctx,
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        now,
      );
      return;
    }
    ctx.set('Cache-Control', 'no-store, no-cache');
    ctx.body = {
      token_type: 'Bearer',
      expires_in: deps.tokens.lifetimeSeconds,
      ext_expires_in: deps.tokens.lifetimeSeconds,
      access_token: deps.tokens.issue(app.tenantId, app.clientId, resource[1], app.roles),
    };
  });
  return r;
}
