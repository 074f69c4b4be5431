-- refauth schema, version 2: social sign-in. Instants are epoch milliseconds.

-- A person at a social provider, linked to one local account per tenant; keyed by issuer and subject,
-- never by email.
CREATE TABLE refauth_external_identities (
  tenant     VARCHAR(64)  NOT NULL,
  issuer     VARCHAR(500) NOT NULL,
  subject    VARCHAR(255) NOT NULL,
  account_id VARCHAR(36)  NOT NULL REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  linked_at  BIGINT       NOT NULL,
  PRIMARY KEY (tenant, issuer, subject)
);
CREATE INDEX refauth_external_identities_account ON refauth_external_identities (account_id);

-- Social sign-ins waiting for their callback, under the digest of their state; consumed once.
CREATE TABLE refauth_login_attempts (
  state_hash    VARCHAR(64)  PRIMARY KEY,
  provider      VARCHAR(32)  NOT NULL,
  browser_hash  VARCHAR(64)  NOT NULL,
  nonce         VARCHAR(128) NOT NULL,
  code_verifier VARCHAR(128) NOT NULL,
  return_to     VARCHAR(2048),
  tenant        VARCHAR(64),
  expires_at    BIGINT       NOT NULL
);
CREATE INDEX refauth_login_attempts_expiry ON refauth_login_attempts (expires_at);
