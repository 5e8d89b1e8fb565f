/**
 * The environment that points Google sign-in at the local OpenID Connect stand-in
 * (oidc-provider.ts) listening on `port`: used by the worker tests, the e2e server and the bench.
 */
export function localGoogleVars(port: number): Record<string, string> {
  const issuer = `http://127.0.0.1:${port}`;
  return {
    GOOGLE_CLIENT_ID: "local-google-client",
    GOOGLE_CLIENT_SECRET: "local-google-secret",
    GOOGLE_AUTHORIZATION_URL: `${issuer}/authorize`,
    GOOGLE_TOKEN_URL: `${issuer}/token`,
    GOOGLE_USERINFO_URL: `${issuer}/userinfo`,
  };
}
