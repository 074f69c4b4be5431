-- Passkeys: public data only (the credential's id, its COSE public key inside the attested credential data, its
-- counter); the private key never leaves the authenticator. A ceremony in progress is kept under the SHA-256 digest of
-- a value only the browser (or the signed-in caller) holds, with its challenge, which is public: it is sent to the
-- browser to be signed, and worth nothing once taken.
CREATE TABLE refauth_passkeys (
  id              VARCHAR(255)  PRIMARY KEY,
  account_id      VARCHAR(36)   NOT NULL REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  tenant          VARCHAR(64),
  name            VARCHAR(64)   NOT NULL,
  credential_data VARCHAR(4096) NOT NULL,
  sign_count      BIGINT        NOT NULL,
  backup_eligible BOOLEAN       NOT NULL,
  created_at      BIGINT        NOT NULL,
  last_used_at    BIGINT
);
CREATE INDEX refauth_passkeys_account ON refauth_passkeys (account_id);
CREATE TABLE refauth_passkey_ceremonies (
  digest     VARCHAR(64) PRIMARY KEY,
  kind       VARCHAR(16) NOT NULL,
  account_id VARCHAR(36) REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  tenant     VARCHAR(64),
  challenge  VARCHAR(64) NOT NULL,
  remember   BOOLEAN     NOT NULL,
  expires_at BIGINT      NOT NULL
);
