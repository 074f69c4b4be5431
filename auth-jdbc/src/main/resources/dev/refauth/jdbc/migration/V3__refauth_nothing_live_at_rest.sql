-- refauth schema, version 3: nothing stored lets anyone rebuild a live secret.
-- A refresh token's successor is derived under a server key when it is needed, and a social sign-in's nonce and
-- PKCE verifier from its state the same way: none of them is kept.
ALTER TABLE refauth_refresh_families DROP COLUMN successor_token;
ALTER TABLE refauth_login_attempts DROP COLUMN nonce;
ALTER TABLE refauth_login_attempts DROP COLUMN code_verifier;
