package dev.refauth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.Resource;

/** The sample WAR this jar carries, as a Jetty web application at {@code /}. */
final class SampleWar {
  private SampleWar() {}

  /**
   * The WAR, extracted to a temporary file, with {@code params} laid over its {@code auth} filter's init-params and
   * {@code database} as its {@code jdbc/refauth}.
   *
   * @throws IllegalStateException if the WAR is not inside this jar
   */
  static WebAppContext webapp(Map<String, String> params, DataSource database)
      throws IOException, NamingException {
    Path war = extract();
    WebAppContext webapp = new WebAppContext();
    // JNDI for the web application (java:comp/env), and its database under the name its web.xml
    // refers to
    webapp.addConfiguration(new EnvConfiguration(), new PlusConfiguration());
    new Resource(webapp, "jdbc/refauth", database);
    webapp.setContextPath("/");
    webapp.setWar(war.toString());
    webapp.setThrowUnavailableOnStartupException(true);
    // error pages name neither the servlet nor a stack (Jetty's default names the servlet)
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.setShowServlet(false);
    errors.setShowStacks(false);
    errors.setShowMessageInTitle(false);
    webapp.setErrorHandler(errors);
    if (!params.isEmpty()) {
      webapp.addOverrideDescriptor(overrideDescriptor(params).toString());
    }
    // the WAR carries slf4j-api for Payara; here the webapp logs through the launcher's own SLF4J
    // and Jetty's provider
    webapp.getProtectedClassMatcher().add("org.slf4j.");
    return webapp;
  }

  private static Path extract() throws IOException {
    try (InputStream in = SampleLauncher.class.getResourceAsStream("/webapp/sample.war")) {
      if (in == null) {
        throw new IllegalStateException(
            "sample.war is not inside this jar; build with: mvn -pl sample-launcher -am package");
      }
      Path war = Files.createTempFile("refauth-sample", ".war");
      war.toFile().deleteOnExit();
      Files.copy(in, war, StandardCopyOption.REPLACE_EXISTING);
      return war;
    }
  }

  /** A web.xml fragment Jetty lays over the WAR's own: these init-params for the filter named {@code auth}. */
  private static Path overrideDescriptor(Map<String, String> params) throws IOException {
    StringBuilder xml =
        new StringBuilder(
            """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <filter>
            <filter-name>auth</filter-name>
        """);
    params.forEach(
        (name, value) ->
            xml.append("    <init-param><param-name>")
                .append(xmlText(name))
                .append("</param-name><param-value>")
                .append(xmlText(value))
                .append("</param-value></init-param>\n"));
    xml.append("  </filter>\n</web-app>\n");
    Path file = Files.createTempFile("refauth-sample-override", ".xml");
    file.toFile().deleteOnExit();
    Files.writeString(file, xml);
    return file;
  }

  private static String xmlText(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
