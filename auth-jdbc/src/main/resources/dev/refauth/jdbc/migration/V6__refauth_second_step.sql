-- The second step of a sign-in. A refresh family remembers how its login was made (RFC 8176 amr values, space
-- separated), so that a refreshed access token still says it. A pending sign-in (a right password waiting for its
-- second factor) is kept only as the SHA-256 digest of the browser's value, with its tries left; wrong answers are
-- counted per account, so that a new pending sign-in does not start the count again.
ALTER TABLE refauth_refresh_families ADD COLUMN amr VARCHAR(64);
CREATE TABLE refauth_mfa_pending (
  digest       VARCHAR(64) PRIMARY KEY,
  account_id   VARCHAR(36) NOT NULL REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  tenant       VARCHAR(64),
  remember     BOOLEAN     NOT NULL,
  expires_at   BIGINT      NOT NULL,
  tries_left   INTEGER     NOT NULL
);
CREATE TABLE refauth_mfa_failures (
  account_id   VARCHAR(36) PRIMARY KEY REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  failures     INTEGER     NOT NULL,
  last_failure BIGINT      NOT NULL
);
