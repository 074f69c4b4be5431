package dev.refauth.standard;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.plus.jndi.Resource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack from init-params alone, on a real Jetty: sign-in of the users file's accounts, registration, a reset
 * link by mail and its use, over each store (memory, H2 by URL, a DataSource from JNDI) and each mailer (a folder,
 * real SMTP).
 */
final class StandardProviderTest {
  @RegisterExtension static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

  @TempDir Path dir;

  private static final Pattern LINK = Pattern.compile("reset-password\\?token=([A-Za-z0-9_%-]+)");

  /** What every deployment below shares; no {@code provider}: the standard one is the registered service. */
  private Map<String, String> base() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("publicOrigin", "http://localhost:8080");
    p.put("provider.users", "classpath:/demo-users.properties");
    p.put("provider.jwt.jwks", dir.resolve("keys/dev.jwks").toString());
    p.put("provider.jwt.generate", "ES256");
    return p;
  }

  @Test
  void inMemory_withAMailFolder_signInRegisterResetSignIn() throws Exception {
    Map<String, String> p = base();
    p.put("provider.mail.folder", dir.resolve("mail").toString());
    try (Site site = new Site(p)) {
      HttpResponse<String> admin = site.login("admin@example.com", "demo-admin-pass");
      assertThat(admin.statusCode()).isEqualTo(200);
      String token = Site.accessToken(admin);
      assertThat(site.get("/", token).body()).startsWith("hello "); // the application ran
      assertThat(site.get("/auth/me", token).body()).contains("\"email\":\"admin@example.com\"");
      assertThat(site.get("/auth/permissions", token).body()).contains("posts:*");
      assertThat(site.login("admin@example.com", "wrong-pass").statusCode()).isEqualTo(401);

      String resetToken =
          registerForgetAndReset(site, () -> lastLink(folderMails(dir.resolve("mail"))));
      assertThat(resetToken).isNotEmpty();
    }
  }

  @Test
  void h2ByUrl_survivesARestart_andKeepsNoSecretAtRest() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db/refauth") + ";DB_CLOSE_DELAY=-1";
    Map<String, String> p = base();
    p.put("provider.store", "jdbc");
    p.put("provider.jdbc.url", url);
    p.put("provider.jdbc.driver", "org.h2.Driver");
    p.put("provider.mail.folder", dir.resolve("mail").toString());
    String resetToken;
    try (Site site = new Site(p)) {
      resetToken = registerForgetAndReset(site, () -> lastLink(folderMails(dir.resolve("mail"))));
    }
    try (Site again = new Site(p)) {
      assertThat(again.login("new@example.com", "a-newer-passphrase-2").statusCode())
          .isEqualTo(200);
      // what sign-in and a reset leave in the tables: no password, no reset token, no refresh token
      List<String> cells = everyTextCell(url);
      assertThat(cells).isNotEmpty();
      assertThat(String.join("\n", cells))
          .doesNotContain("a-newer-passphrase-2")
          .doesNotContain("a-new-passphrase-1")
          .doesNotContain("demo-admin-pass")
          .doesNotContain(resetToken);
    }
  }

  @Test
  void aDataSourceFromJndi_andRealSmtp() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:jndi-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    String name = "jdbc/refauth-" + System.nanoTime();
    new Resource(name, h2);
    Map<String, String> p = base();
    p.put("provider.store", "jdbc");
    p.put("provider.jdbc.dataSource", name);
    p.put("provider.mail.smtp.host", "127.0.0.1");
    p.put("provider.mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
    p.put("provider.mail.smtp.startTls", "false");
    p.put("provider.mail.from", "no-reply@example.com");
    try (Site site = new Site(p)) {
      assertThat(site.login("user@example.com", "demo-user-pass").statusCode()).isEqualTo(200);
      // control: an unknown address gets the same answer and no mail
      assertThat(
              site.post("/auth/forgot-password", "{\"email\":\"nobody@example.com\"}").statusCode())
          .isEqualTo(202);
      registerForgetAndReset(
          site,
          () ->
              lastLink(Stream.of(smtp.getReceivedMessages()).map(GreenMailUtil::getBody).toList()));
      assertThat(smtp.getReceivedMessages())
          .allSatisfy(
              m -> assertThat(m.getAllRecipients()[0].toString()).isEqualTo("new@example.com"));
    }
  }

  @Test
  void registration_closedBySettingItEmpty() throws Exception {
    Map<String, String> p = base();
    p.put("provider.mail.folder", dir.resolve("mail").toString());
    p.put("provider.accounts.openRegistration", "");
    try (Site site = new Site(p)) {
      String body = "{\"email\":\"new@example.com\",\"password\":\"a-new-passphrase-1\"}";
      site.post("/auth/register", body);
      assertThat(site.login("new@example.com", "a-new-passphrase-1").statusCode()).isEqualTo(401);
      assertThat(folderMails(dir.resolve("mail"))).isEmpty();
      // control: the users file's accounts still sign in
      assertThat(site.login("user@example.com", "demo-user-pass").statusCode()).isEqualTo(200);
    }
  }

  /** Registers new@example.com, asks for a reset link, uses it; answers the token the link carried. */
  private static String registerForgetAndReset(Site site, LinkSource links) throws Exception {
    assertThat(
            site.post(
                    "/auth/register",
                    "{\"email\":\"new@example.com\",\"password\":\"a-new-passphrase-1\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(site.login("new@example.com", "a-new-passphrase-1").statusCode()).isEqualTo(200);
    assertThat(site.post("/auth/forgot-password", "{\"email\":\"new@example.com\"}").statusCode())
        .isEqualTo(202);
    String token = "";
    for (int i = 0; i < 100 && token.isEmpty(); i++) { // the mail leaves off the request thread
      token = links.last();
      if (token.isEmpty()) {
        Thread.sleep(50);
      }
    }
    assertThat(token).as("a reset link was mailed").isNotEmpty();
    String reset = "{\"token\":\"" + token + "\",\"password\":\"a-newer-passphrase-2\"}";
    assertThat(site.post("/auth/update-password", reset).statusCode()).isEqualTo(200);
    assertThat(site.post("/auth/update-password", reset).statusCode())
        .as("a link works once")
        .isEqualTo(400);
    assertThat(site.login("new@example.com", "a-new-passphrase-1").statusCode()).isEqualTo(401);
    assertThat(site.login("new@example.com", "a-newer-passphrase-2").statusCode()).isEqualTo(200);
    return token;
  }

  @FunctionalInterface
  private interface LinkSource {
    String last() throws Exception;
  }

  static String lastLink(List<String> mails) {
    String token = "";
    for (String mail : mails) {
      Matcher m = LINK.matcher(mail.replace("=\r\n", "").replace("=3D", "="));
      while (m.find()) {
        token = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      }
    }
    return token;
  }

  static List<String> folderMails(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<String> texts = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        texts.add(Files.readString(f));
      }
      return texts;
    }
  }

  /** Every non-null cell of every table of the database at {@code url}, as text. */
  static List<String> everyTextCell(String url) throws Exception {
    List<String> cells = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet t =
          st.executeQuery(
              "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
        while (t.next()) {
          tables.add(t.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet r = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int n = r.getMetaData().getColumnCount();
          while (r.next()) {
            for (int i = 1; i <= n; i++) {
              Object v = r.getObject(i);
              if (v != null) {
                cells.add(v.toString());
              }
            }
          }
        }
      }
    }
    return cells;
  }
}
