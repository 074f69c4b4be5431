package dev.refauth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Keycloak: the {@code keycloak-quarkus-dist} zip Maven unpacks ({@code keycloak.home}), started once per test
 * JVM with {@code kc.sh start-dev} on free ports with the realms of {@code src/test/resources/keycloak} imported, and
 * stopped when the JVM ends. Its admin REST API does what an administrator would: take a role away, rotate the
 * realm's keys, sign a user out.
 */
final class Keycloak {
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "keycloak-admin-pass";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Keycloak running;

  private final String base;
  private final Process process;

  private Keycloak(String base, Process process) {
    this.base = base;
    this.process = process;
  }

  /** The one Keycloak of this JVM, started on first use (about a minute). */
  static synchronized Keycloak get() throws Exception {
    if (running == null) {
      running = start();
    }
    return running;
  }

  private static Keycloak start() throws Exception {
    Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.7.3"));
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException(
          "no Keycloak at " + home + " (mvn generate-test-resources unpacks it)");
    }
    Path imports = home.resolve("data/import");
    Files.createDirectories(imports);
    for (String realm : List.of("demo-realm.json", "other-realm.json")) {
      try (InputStream in = Keycloak.class.getResourceAsStream("/keycloak/" + realm)) {
        Files.copy(in, imports.resolve(realm), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    // a fresh database each run: the realms as the files say, no state of an earlier build
    deleteTree(home.resolve("data/h2"));
    int port = freePort();
    String base = "http://localhost:" + port;
    ProcessBuilder pb =
        new ProcessBuilder(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-port=" + port,
                "--http-management-port=" + freePort(),
                "--hostname=" + base,
                "--import-realm",
                "--log-level=warn")
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "keycloak.log").toFile());
    pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    Process process = pb.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.descendants().forEach(ProcessHandle::destroy);
                  process.destroy();
                }));
    Keycloak kc = new Keycloak(base, process);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak stopped at start: see target/keycloak.log");
      }
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(
                            URI.create(kc.issuer("other") + "/.well-known/openid-configuration"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return kc;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(1_000);
    }
    process.destroy();
    throw new IllegalStateException("Keycloak did not start in 4 minutes: see target/keycloak.log");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The realm's issuer ({@code iss}). */
  String issuer(String realm) {
    return base + "/realms/" + realm;
  }

  /** An access token of the client's service account (the client credentials grant). */
  String clientToken(String realm, String clientId, String secret) throws Exception {
    return token(
            realm,
            Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))
        .get("access_token")
        .asText();
  }

  private JsonNode token(String realm, Map<String, String> form) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("token request: " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static String form(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private String adminToken() throws Exception {
    return token(
            "master",
            Map.of(
                "grant_type",
                "password",
                "client_id",
                "admin-cli",
                "username",
                ADMIN,
                "password",
                ADMIN_PASSWORD))
        .get("access_token")
        .asText();
  }

  /** An admin REST API call; its JSON answer (null when it has none). */
  JsonNode admin(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/admin/realms" + path))
            .header("Authorization", "Bearer " + adminToken())
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  String userId(String realm, String username) throws Exception {
    return admin("GET", "/" + realm + "/users?exact=true&username=" + username, null)
        .get(0)
        .get("id")
        .asText();
  }

  /** Takes a realm role away from a user (its next token lacks it). */
  void removeRealmRole(String realm, String username, String role) throws Exception {
    JsonNode rep = admin("GET", "/" + realm + "/roles/" + role, null);
    admin(
        "DELETE",
        "/" + realm + "/users/" + userId(realm, username) + "/role-mappings/realm",
        List.of(rep));
  }

  /** Gives a realm role to a user. */
  void addRealmRole(String realm, String username, String role) throws Exception {
    JsonNode rep = admin("GET", "/" + realm + "/roles/" + role, null);
    admin(
        "POST",
        "/" + realm + "/users/" + userId(realm, username) + "/role-mappings/realm",
        List.of(rep));
  }

  /**
   * Rotates the realm's RSA signing key: a new key of a higher priority signs from now on; the old one stays
   * published (it still verifies) until {@link #removeKeysBut}.
   *
   * @return the new key provider's id
   */
  String addSigningKey(String realm, int priority) throws Exception {
    return addKey(
        realm,
        "rsa-generated",
        Map.of(
            "priority", List.of(Integer.toString(priority)),
            "keySize", List.of("2048"),
            "active", List.of("true"),
            "enabled", List.of("true")));
  }

  /** Like {@link #addSigningKey}, with a private key the caller holds (PKCS#8 PEM): a key a thief could keep. */
  String addImportedKey(String realm, int priority, String privateKeyPem) throws Exception {
    return addKey(
        realm,
        "rsa",
        Map.of(
            "priority", List.of(Integer.toString(priority)),
            "privateKey", List.of(privateKeyPem),
            "algorithm", List.of("RS256"),
            "active", List.of("true"),
            "enabled", List.of("true")));
  }

  private String addKey(String realm, String providerId, Map<String, List<String>> config)
      throws Exception {
    String realmId = admin("GET", "/" + realm, null).get("id").asText();
    String name = providerId + "-" + config.get("priority").get(0);
    admin(
        "POST",
        "/" + realm + "/components",
        Map.of(
            "name", name,
            "providerId", providerId,
            "providerType", "org.keycloak.keys.KeyProvider",
            "parentId", realmId,
            "config", config));
    for (JsonNode c :
        admin("GET", "/" + realm + "/components?type=org.keycloak.keys.KeyProvider", null)) {
      if (name.equals(c.get("name").asText())) {
        return c.get("id").asText();
      }
    }
    throw new IllegalStateException("the new key provider is not listed");
  }

  /** Deletes every RSA signing key provider of the realm but {@code keep}: the old keys are gone. */
  void removeKeysBut(String realm, String keep) throws Exception {
    for (JsonNode c :
        admin("GET", "/" + realm + "/components?type=org.keycloak.keys.KeyProvider", null)) {
      String provider = c.get("providerId").asText();
      if ((provider.equals("rsa-generated") || provider.equals("rsa"))
          && !c.get("id").asText().equals(keep)) {
        admin("DELETE", "/" + realm + "/components/" + c.get("id").asText(), null);
      }
    }
  }

  /** Sets an attribute of a client ({@code backchannel.logout.url}). */
  void setClientAttribute(String realm, String clientId, String name, String value)
      throws Exception {
    JsonNode client = admin("GET", "/" + realm + "/clients?clientId=" + clientId, null).get(0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) client.get("attributes")).put(name, value);
    admin("PUT", "/" + realm + "/clients/" + client.get("id").asText(), client);
  }

  /** Ends every session of a user at Keycloak, as an administrator does (back-channel logout follows). */
  void logoutUser(String realm, String username) throws Exception {
    admin("POST", "/" + realm + "/users/" + userId(realm, username) + "/logout", null);
  }

  /** How many sessions the user has at Keycloak. */
  int sessions(String realm, String username) throws Exception {
    return admin("GET", "/" + realm + "/users/" + userId(realm, username) + "/sessions", null)
        .size();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }

  boolean alive() {
    return process.isAlive();
  }
}
