package dev.refauth.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Tenants: a credential of one tenant against another's requests, headers and object ids. */
final class TenantCases {
  static final String CATEGORY = "Tenants";

  private TenantCases() {}

  static List<Case> all(Target t) {
    String gil =
        Target.accessToken(t.login(Target.GIL, Target.GIL_PASSWORD, "\"tenantId\":\"globex\""));
    String uma = t.token(Target.UMA, Target.UMA_PASSWORD);
    String ada = t.token(Target.ADA, Target.ADA_PASSWORD);
    String acmePost =
        t.send(
                Raw.post("/api/posts")
                    .json()
                    .bearer(ada)
                    .jsonBody("{\"title\":\"acme tenant secret\"}"))
            .body()
            .replaceAll(".*\"id\":(\\d+).*", "$1");
    String umaId = AccountCases.uid(t, Target.UMA, Target.UMA_PASSWORD);
    List<Case> cases = new ArrayList<>();

    cases.add(
        Case.control(
                CATEGORY,
                "globex's admin reads globex's posts",
                () -> t.send(Raw.get("/api/posts").json().bearer(gil)))
            .status(200)
            .expect(
                r ->
                    assertThat(r.body())
                        .contains("Globex quarterly plans")
                        .doesNotContain(Target.ACME_POST)));
    cases.add(
        Case.control(
                CATEGORY,
                "acme's user names her own tenant",
                () ->
                    t.send(Raw.get("/api/posts").json().bearer(uma).header("X-Tenant-ID", "acme")))
            .status(200));
    cases.add(
        Case.control(
                CATEGORY,
                "acme's admin reads acme's post by id",
                () -> t.send(Raw.get("/api/posts/" + acmePost).json().bearer(ada)))
            .status(200));
    cases.add(
        Case.attack(
                CATEGORY,
                "globex's token with X-Tenant-ID: acme",
                () ->
                    t.send(Raw.get("/api/posts").json().bearer(gil).header("X-Tenant-ID", "acme")))
            .status(403)
            .expect(JwtCases::noData));
    cases.add(
        Case.attack(
                CATEGORY,
                "acme's token with X-Tenant-ID: globex",
                () ->
                    t.send(
                        Raw.get("/api/posts").json().bearer(uma).header("X-Tenant-ID", "globex")))
            .status(403)
            .expect(r -> assertThat(r.body()).doesNotContain("Globex quarterly")));
    cases.add(
        Case.attack(
                CATEGORY,
                "globex's admin reads an acme post by id",
                () -> t.send(Raw.get("/api/posts/" + acmePost).json().bearer(gil)))
            .status(404)
            .expect(r -> assertThat(r.body()).doesNotContain("acme tenant secret")));
    cases.add(
        Case.attack(
                CATEGORY,
                "globex's admin deletes an acme post by id",
                () -> t.send(Raw.request("DELETE", "/api/posts/" + acmePost).json().bearer(gil)))
            .status(404)
            .unchanged(t.acmePosts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "globex's admin changes an acme user's permissions",
                () ->
                    t.send(
                        Raw.request("PUT", "/api/admin/users/" + umaId + "/permissions")
                            .json()
                            .bearer(gil)
                            .jsonBody("[\"admin\"]")))
            .status(403, 404)
            .unchanged(t.acmeAccounts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "acme's user signs in naming tenant globex",
                () -> t.login(Target.UMA, Target.UMA_PASSWORD, "\"tenantId\":\"globex\""))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "acme's user signs in with X-Tenant-ID: globex",
                () ->
                    t.send(
                        Raw.post("/auth/login")
                            .header("X-Tenant-ID", "globex")
                            .jsonBody(
                                "{\"email\":\""
                                    + Target.UMA
                                    + "\",\"password\":\""
                                    + Target.UMA_PASSWORD
                                    + "\"}")))
            .status(401));
    cases.add(
        Case.attack(
                CATEGORY,
                "acme's session cookie on a globex page",
                () ->
                    t.send(
                        Raw.get("/posts")
                            .html()
                            .cookie(SessionCases.browserSession(t, Target.UMA, Target.UMA_PASSWORD))
                            .header("X-Tenant-ID", "globex")))
            .status(403)
            .expect(r -> assertThat(r.body()).doesNotContain("Globex quarterly")));
    for (String bad :
        List.of(
            "../acme", "acme%00", "ACME", "", "acme globex", "x".repeat(300), "*", "acme;globex")) {
      cases.add(
          Case.attack(
                  CATEGORY,
                  "malformed or foreign X-Tenant-ID '"
                      + (bad.length() > 20 ? bad.substring(0, 20) + "..." : bad)
                      + "'",
                  () -> t.send(Raw.get("/api/posts").json().bearer(uma).header("X-Tenant-ID", bad)))
              .status(400, 403)
              .expect(JwtCases::noData));
    }
    cases.add(
        Case.attack(
                CATEGORY,
                "two X-Tenant-ID headers",
                () ->
                    t.send(
                        Raw.get("/api/posts")
                            .json()
                            .bearer(uma)
                            .header("X-Tenant-ID", "acme")
                            .header("X-Tenant-ID", "globex")))
            .status(400, 403)
            .expect(JwtCases::noData));
    // tenants are never joined implicitly (issue 19, items 2 and 10)
    String strong = "a-long-enough-passphrase";
    cases.add(
        Case.attack(
                CATEGORY,
                "register naming a tenant the application does not have (initech)",
                () ->
                    t.send(
                        Raw.post("/auth/register")
                            .header("X-Tenant-ID", "initech")
                            .jsonBody(
                                "{\"email\":\"founder@example.com\",\"password\":\""
                                    + strong
                                    + "\"}")))
            .status(403)
            .unchanged(t.mail(), t.acmeAccounts()));
    // the body's tenantId names the tenant as the header does, for registration as for sign-in
    // (found
    // by an outside look: registration read the header only and put the account in the default
    // tenant)
    cases.add(
        Case.attack(
                CATEGORY,
                "register into the invitation-only tenant (globex) named in the body",
                () ->
                    t.send(
                        Raw.post("/auth/register")
                            .jsonBody(
                                "{\"email\":\"body-globex@example.com\",\"password\":\""
                                    + strong
                                    + "\",\"tenantId\":\"globex\"}")))
            .status(403)
            .unchanged(t.mail(), t.acmeAccounts()));
    cases.add(
        Case.control(
                CATEGORY,
                "register into the open tenant (acme) named in the body",
                () ->
                    t.send(
                        Raw.post("/auth/register")
                            .jsonBody(
                                "{\"email\":\"body-acme@example.com\",\"password\":\""
                                    + strong
                                    + "\",\"tenantId\":\"acme\"}")))
            .status(200)
            .changes(t.acmeAccounts()));
    cases.add(
        Case.attack(
                CATEGORY,
                "forgot password for an unknown tenant",
                () ->
                    t.send(
                        Raw.post("/auth/forgot-password")
                            .header("X-Tenant-ID", "initech")
                            .jsonBody("{\"email\":\"" + Target.UMA + "\"}")))
            .status(403)
            .unchanged(t.mail()));
    cases.add(
        Case.attack(
                CATEGORY,
                "sign in naming an unknown tenant in the body",
                () -> t.login(Target.UMA, Target.UMA_PASSWORD, "\"tenantId\":\"initech\""))
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "a line break in the body's tenantId (a forged audit line)",
                () ->
                    t.login(
                        Target.UMA,
                        Target.UMA_PASSWORD,
                        "\"tenantId\":\"acme\\r\\naudit LOGIN_SUCCESS account=x\""))
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "a 500-character tenantId in the body",
                () ->
                    t.login(
                        Target.UMA,
                        Target.UMA_PASSWORD,
                        "\"tenantId\":\"" + "a".repeat(500) + "\""))
            .status(400));
    cases.add(
        Case.attack(
                CATEGORY,
                "social sign-up started for globex, a tenant by invitation",
                () -> {
                  OAuthCases.Attempt a =
                      OAuthCases.begin(
                          t, Raw.get("/auth/demo").html().header("X-Tenant-ID", "globex"));
                  return OAuthCases.callback(t, a.callback(), a.cookie());
                })
            .status(401));
    return cases;
  }
}
