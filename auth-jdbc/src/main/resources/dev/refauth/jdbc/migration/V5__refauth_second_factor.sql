-- A second factor per account: the TOTP secret sealed (AES-256-GCM under a key the database does not have, bound to
-- the account), the last time step used (so that a code is good once on every node), and recovery codes as SHA-256
-- digests. Nothing here rebuilds a secret without the application's key.
CREATE TABLE refauth_totp (
  account_id     VARCHAR(36)  PRIMARY KEY REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  sealed_secret  VARCHAR(200) NOT NULL,
  confirmed      BOOLEAN      NOT NULL,
  last_used_step BIGINT       NOT NULL,
  since          BIGINT       NOT NULL
);
CREATE TABLE refauth_recovery_codes (
  account_id VARCHAR(36) NOT NULL REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  digest     VARCHAR(64) NOT NULL,
  PRIMARY KEY (account_id, digest)
);
