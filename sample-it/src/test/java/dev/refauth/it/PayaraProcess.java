package dev.refauth.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Payara Micro run as an operator runs it, {@code java -jar payara-micro.jar --deploy app.war}, with its log kept:
 * for what Arquillian does not show (what a failed deployment says).
 */
final class PayaraProcess implements AutoCloseable {
  private final Process process;
  private final Path root;
  private final StringBuffer log = new StringBuffer();
  private final int port;

  private PayaraProcess(Process process, Path root, int port) {
    this.process = process;
    this.root = root;
    this.port = port;
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                  log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "payara-log");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Deploys {@code war} with these environment variables (and nothing of this JVM's {@code REFAUTH_*}) and Payara Micro
   * options, and waits until Payara says it is ready.
   */
  static PayaraProcess deploy(Path war, Map<String, String> env, String... options)
      throws Exception {
    Path root = Files.createTempDirectory(Path.of("target"), "payara-root");
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--deploy",
                war.toString(),
                "--port",
                String.valueOf(port),
                "--rootdir",
                root.toString(),
                "--nocluster",
                "--disablephonehome",
                "--nohostaware"));
    command.addAll(List.of(options));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().keySet().removeIf(k -> k.startsWith("REFAUTH"));
    b.environment().putAll(env);
    PayaraProcess p = new PayaraProcess(b.start(), root, port);
    Instant until = Instant.now().plus(Duration.ofMinutes(4));
    while (!p.log().contains("Payara Micro URLs")
        && !p.log().matches("(?s).*ready in [0-9,]+ \\(ms\\).*")) {
      if (!p.process.isAlive() || Instant.now().isAfter(until)) {
        p.close();
        throw new IllegalStateException("Payara did not start:\n" + p.log());
      }
      Thread.sleep(250);
    }
    return p;
  }

  String log() {
    return log.toString();
  }

  String base(String contextPath) {
    return "http://127.0.0.1:" + port + contextPath;
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(files::add);
    }
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
