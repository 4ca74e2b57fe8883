// A local OpenID Provider for development and tests: the `oidc-provider` package (a certified
// implementation) configured as two look-alikes of the national logins, each on its own port:
//   ID-porten   (citizens)  – claims pid, acr, amr, sid
//   Ansattporten (employees) – the same, plus authorization_details with the Altinn
//                              organisations the person may act for.
//   Maskinporten (systems)   – client credentials giving JWT access tokens with `scope`,
//                              `client_id` and `consumer` (the organisation, 0192:<org.nr>).
//                              Clients register themselves (dynamic registration, as Digdir's
//                              self-service would) with `consumer_orgnr`. Real Maskinporten
//                              takes a JWT grant instead of client authentication; the token
//                              the platform receives has the same shape.
// Only the login page is ours: instead of BankID it asks which test person logs in (and, for
// Ansattporten, for which organisations), like Digdir's own test environment (TestID).
//
// Environment:
//   IDPORTEN_PORT, ANSATTPORTEN_PORT, MASKINPORTEN_PORT
//                                     ports (default 8801, 8802, 8803), issuer http://localhost:<port>
//   FRITT_CLIENT_ID                   the platform's client id (default fritt-brukervalg)
//   FRITT_CLIENT_JWKS                 the platform's public JWK set (private_key_jwt)
//   FRITT_REDIRECT_HOSTS              regex of hosts the platform answers on (default *.localhost)
//   FRITT_FRONTCHANNEL_LOGOUT_URI     the platform's front-channel logout endpoint
//   FRITT_DEMO_IDENTITIES             JSON file of demo persons shown on the login page
import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { URLSearchParams } from 'node:url';

import Provider from 'oidc-provider';

const CLIENT_ID = process.env.FRITT_CLIENT_ID || 'fritt-brukervalg';
const CLIENT_JWKS = JSON.parse(process.env.FRITT_CLIENT_JWKS || '{"keys":[]}');
const HOSTS = new RegExp(
  `^https?://(${process.env.FRITT_REDIRECT_HOSTS || '([a-z0-9-]+\\.)*localhost'})(:\\d+)?/`,
);
const FRONTCHANNEL = process.env.FRITT_FRONTCHANNEL_LOGOUT_URI || 'http://localhost:8000/innlogging/frontkanal-utlogging/';
const DEMO = process.env.FRITT_DEMO_IDENTITIES && fs.existsSync(process.env.FRITT_DEMO_IDENTITIES)
  ? JSON.parse(fs.readFileSync(process.env.FRITT_DEMO_IDENTITIES, 'utf8'))
  : { idporten: [], ansattporten: [] };

const LEVELS = ['idporten-loa-substantial', 'idporten-loa-high'];

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function makeProvider({ kind, port, title }) {
  const issuer = `http://localhost:${port}`;
  // The organisations a person chose on the last Ansattporten login, by pid: Altinn's answer.
  const altinn = new Map();
  // Front-channel logout targets of a session that just ended, by a one-time cookie.
  const pendingFrontchannel = new Map();

  const configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_name: 'Fritt brukervalg',
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: CLIENT_JWKS,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: ['http://localhost/innlogging/callback/'],
        post_logout_redirect_uris: ['http://localhost/'],
      },
    ],
    acrValues: LEVELS,
    claims: {
      openid: kind === 'ansattporten' ? ['sub', 'pid', 'authorization_details'] : ['sub', 'pid'],
      profile: ['name'],
    },
    // Claims go into the ID token, as ID-porten puts pid there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    clientAuthMethods: ['private_key_jwt'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Logg ut', `${form}<p>Vil du logge ut av ${esc(title)}?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Logg ut</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          const key = ctx.cookies.get('fc_logout');
          const frames = (pendingFrontchannel.get(key) || [])
            .map((src) => `<iframe title="utlogging" src="${esc(src)}"></iframe>`).join('');
          pendingFrontchannel.delete(key);
          ctx.body = page('Du er logget ut', `<p>Du er logget ut av ${esc(title)}.</p>${frames}`);
        },
      },
    },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, IdToken: 120, AccessToken: 120, AuthorizationCode: 60 },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          const person = [...DEMO.idporten, ...DEMO.ansattporten].find((p) => p.pid === sub);
          const claims = { sub, pid: sub, name: person?.name };
          if (kind === 'ansattporten') {
            claims.authorization_details = (altinn.get(sub) || []).length
              ? [{
                type: 'ansattporten:altinn:service',
                resource: 'urn:altinn:resource:fritt-brukervalg',
                reportees: altinn.get(sub).map((orgnr) => ({
                  Rights: ['Read', 'Write'],
                  Authority: 'iso6523-actorid-upis',
                  ID: `0192:${orgnr}`,
                  Name: `Organisasjon ${orgnr}`,
                })),
              }]
              : [];
          }
          return claims;
        },
      };
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = true;
  // A look-alike of Digdir's self-service, where a client registers each municipality's host:
  // here every host the platform answers on is allowed.
  provider.Client.prototype.redirectUriAllowed = (uri) => HOSTS.test(uri) && uri.includes('/innlogging/callback/');
  provider.Client.prototype.postLogoutRedirectUriAllowed = (uri) => HOSTS.test(uri);
  // ID-porten always puts the session id in the ID token (front-channel logout needs it).
  provider.Client.prototype.includeSid = () => true;

  provider.on('end_session.success', (ctx) => {
    // oidc-provider v9 has no front-channel logout of its own (it was a draft): the success
    // page below loads the platform's front-channel logout URI for every client of the session.
    const authorizations = ctx.oidc.session?.authorizations || {};
    const targets = Object.entries(authorizations).map(([, { sid }]) => `${FRONTCHANNEL}?${new URLSearchParams({ iss: issuer, sid })}`);
    if (targets.length) {
      const key = crypto.randomBytes(16).toString('hex');
      pendingFrontchannel.set(key, targets);
      ctx.cookies.set('fc_logout', key, { httpOnly: true, sameSite: 'lax' });
    }
  });

  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    const { uid, params, prompt } = details;
    if (req.method === 'GET') {
      const asked = params.acr_values?.split(' ')[0] || LEVELS[0];
      const people = kind === 'ansattporten' ? DEMO.ansattporten : DEMO.idporten;
      const list = people.map((p) => `<li><code>${esc(p.pid)}</code> ${esc(p.name)}${p.orgs?.length ? ` – ${esc(p.orgs.join(', '))}` : ''}${p.note ? ` (${esc(p.note)})` : ''}</li>`).join('');
      const orgField = kind === 'ansattporten'
        ? `<p><label for="orgs">Organisasjonsnumre personen har rettigheter for i Altinn (kommaseparert)</label>
<input id="orgs" name="orgs" autocomplete="off"></p>` : '';
      const options = LEVELS.map((l) => `<option value="${l}"${l === asked ? ' selected' : ''}>${l}</option>`).join('');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page(`${title} (lokal testinnlogging)`, `
<p>Dette er en lokal etterligning av ${esc(title)} for utvikling. Skriv fødselsnummeret til en testperson.</p>
<form method="post" action="/interaction/${esc(uid)}">
<p><label for="pid">Fødselsnummer</label> <input id="pid" name="pid" inputmode="numeric" autocomplete="off"></p>
${orgField}
<p><label for="acr">Sikkerhetsnivå</label> <select id="acr" name="acr">${options}</select></p>
<button type="submit">Logg inn</button></form>
<h2>Testpersoner</h2><ul>${list}</ul>`));
      return;
    }
    const form = await readForm(req);
    const pid = (form.get('pid') || '').replace(/\D/g, '');
    if (pid.length !== 11) {
      res.statusCode = 400;
      res.end(page('Ugyldig fødselsnummer', '<p>Skriv 11 siffer.</p>'));
      return;
    }
    if (kind === 'ansattporten') {
      const typed = (form.get('orgs') || '').split(',').map((s) => s.replace(/\D/g, '')).filter(Boolean);
      const demo = DEMO.ansattporten.find((p) => p.pid === pid);
      altinn.set(pid, typed.length ? typed : demo?.orgs || []);
    }
    const acr = LEVELS.includes(form.get('acr')) ? form.get('acr') : LEVELS[0];
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: pid, clientId: params.client_id });
    grant.addOIDCScope(params.scope);
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, {
      login: { accountId: pid, acr, amr: ['TestID'] },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
  }

  const handler = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((err) => {
        res.statusCode = 400;
        res.end(page('Innloggingen feilet', `<p>${esc(err.message)}</p>`));
      });
      return;
    }
    handler(req, res);
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`${title}: ${issuer}`);
  });
  return server;
}

function makeMaskinporten(port) {
  const issuer = `http://localhost:${port}`;
  const prefix = process.env.MASKINPORTEN_SCOPE_PREFIX || 'frittbrukervalg:';
  const scopes = ['mottakere.les', 'mottakere.skriv', 'vedtak.skriv', 'hendelser.les',
    'tildelinger.les', 'webhooker.admin'].map((s) => prefix + s);
  const audience = process.env.MASKINPORTEN_AUDIENCE || 'https://api.frittbrukervalg.no';
  const provider = new Provider(issuer, {
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    extraClientMetadata: {
      properties: ['consumer_orgnr'],
      validator(ctx, key, value) {
        if (key === 'consumer_orgnr' && value !== undefined && !/^\d{9}$/.test(value)) {
          throw new Error('consumer_orgnr must be nine digits');
        }
      },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: scopes.join(' '),
          audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 120,
        }),
      },
    },
    scopes,
    async extraTokenClaims(ctx, token) {
      const client = await provider.Client.find(token.clientId);
      const orgnr = client?.consumer_orgnr;
      return orgnr ? { consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${orgnr}` } } : {};
    },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  });
  provider.proxy = true;
  http.createServer(provider.callback()).listen(port, '127.0.0.1', () => {
    console.log(`Maskinporten: ${issuer}`);
  });
}

makeProvider({ kind: 'idporten', port: Number(process.env.IDPORTEN_PORT || 8801), title: 'ID-porten' });
makeProvider({ kind: 'ansattporten', port: Number(process.env.ANSATTPORTEN_PORT || 8802), title: 'Ansattporten' });
makeMaskinporten(Number(process.env.MASKINPORTEN_PORT || 8803));
