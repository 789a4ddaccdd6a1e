/**
 * The minimal approval page `mc serve` serves at /approve (the console restyles it later). It
 * carries no data: the WebAuthn ceremonies run in the browser against the JSON API with the
 * bearer token the person pastes (kept in sessionStorage only). The RP ID is the host name the
 * page is served under, so it must be opened by name (localhost, mc.example), never by IP.
 */
export const APPROVAL_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mc approvals</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
input,select,button{font:inherit;margin:.2rem 0}input{width:100%}pre{background:#f4f4f4;padding:.6rem;white-space:pre-wrap;word-break:break-all}
fieldset{margin:1rem 0}</style></head>
<body><h1>Maestro Conductor approvals</h1>
<label>Bearer token <input id="token" type="password" autocomplete="off"></label>
<fieldset><legend>1. Register this authenticator (once)</legend><button id="register">Register</button></fieldset>
<fieldset id="approve-box"><legend>2. Approve a deploy</legend>
<label>Digest <input id="digest"></label><label>Environment <input id="env"></label>
<button id="approve">Approve with WebAuthn</button> <label><input id="redeem" type="checkbox" checked style="width:auto"> redeem at once</label></fieldset>
<fieldset id="bypass-box"><legend>3. Approve a SEV-1 bypass</legend>
<label>Bypass id <input id="bypass"></label>
<label>Role <select id="role"><option>security</option><option>release</option><option>owner</option></select></label>
<button id="bypass-approve">Step up and approve</button></fieldset>
<pre id="out" aria-live="polite"></pre>
<script>
const $ = (id) => document.getElementById(id);
const q = new URLSearchParams(location.search);
$('digest').value = q.get('digest') || ''; $('env').value = q.get('env') || ''; $('bypass').value = q.get('bypass') || '';
$('token').value = sessionStorage.getItem('mc-token') || '';
const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
const bytes = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const show = (x) => { $('out').textContent = typeof x === 'string' ? x : JSON.stringify(x, null, 2); };
async function api(path, body) {
  sessionStorage.setItem('mc-token', $('token').value);
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + $('token').value }, body: JSON.stringify(body || {}) });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error((j.error && j.error.code + ': ' + j.error.message) || r.status);
  return j;
}
function cred(c) {
  const r = c.response, out = { id: c.id, rawId: b64(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(), response: { clientDataJSON: b64(r.clientDataJSON) } };
  if (r.attestationObject) { out.response.attestationObject = b64(r.attestationObject); out.response.transports = r.getTransports ? r.getTransports() : []; }
  else { out.response.authenticatorData = b64(r.authenticatorData); out.response.signature = b64(r.signature); if (r.userHandle) out.response.userHandle = b64(r.userHandle); }
  return out;
}
async function assertWith(o) {
  o.challenge = bytes(o.challenge); o.allowCredentials = (o.allowCredentials || []).map((c) => ({ ...c, id: bytes(c.id) }));
  return cred(await navigator.credentials.get({ publicKey: o }));
}
const run = (f) => () => f().catch((e) => show(String(e.message || e)));
$('register').onclick = run(async () => {
  const o = await api('/v1/webauthn/register/options');
  o.challenge = bytes(o.challenge); o.user.id = bytes(o.user.id); o.excludeCredentials = (o.excludeCredentials || []).map((c) => ({ ...c, id: bytes(c.id) }));
  show(await api('/v1/webauthn/register/verify', { response: cred(await navigator.credentials.create({ publicKey: o })) }));
});
$('approve').onclick = run(async () => {
  const target = { digest: $('digest').value, env: $('env').value };
  const minted = await api('/v1/approvals/verify', { response: await assertWith(await api('/v1/approvals/options', target)) });
  show($('redeem').checked ? await api('/v1/approvals/redeem', { ...target, token: minted.token }) : minted);
});
$('bypass-approve').onclick = run(async () => {
  await api('/v1/webauthn/step-up/verify', { response: await assertWith(await api('/v1/webauthn/step-up/options')) });
  show(await api('/v1/bypasses/' + encodeURIComponent($('bypass').value) + '/approve', { role: $('role').value }));
});
</script></body></html>
`;
