package dev.refauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * This jar names the passkeys battery as optional: an application without it (and so without webauthn4j and its
 * Jackson 3) opens the stores, uses them and purges them. Proved on a class loader of this module's class path without
 * those jars, beside a control that shows the loader really lacks them.
 */
final class WithoutPasskeysTest {
  @Test
  void theStoresOpenAndServe_withoutThePasskeysBatteryOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.matches(".*(auth-passkeys|webauthn4j|tools[/\\\\]jackson).*")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("dev.refauth.passkeys.PasskeyStore"))
          .as("control: the loader has no passkeys battery")
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> h2 = loader.loadClass("org.h2.jdbcx.JdbcDataSource");
      Object ds = h2.getConstructor().newInstance();
      h2.getMethod("setURL", String.class)
          .invoke(ds, "jdbc:h2:mem:without-passkeys;DB_CLOSE_DELAY=-1");
      Class<?> stores = loader.loadClass("dev.refauth.jdbc.JdbcStores");
      Class<?> options = loader.loadClass("dev.refauth.jdbc.JdbcStores$Options");
      Object opened =
          stores
              .getMethod("open", DataSource.class, options)
              .invoke(null, ds, options.getMethod("defaults").invoke(null));
      try {
        Object secondFactors = stores.getMethod("secondFactors").invoke(opened);
        assertThat(
                loader
                    .loadClass("dev.refauth.mfa.SecondFactorStore")
                    .getMethod("recoveryCodesLeft", String.class)
                    .invoke(secondFactors, "nobody"))
            .isEqualTo(0);
        assertThat(
                stores
                    .getMethod("purge", java.time.Instant.class)
                    .invoke(opened, java.time.Instant.now()))
            .asString()
            .contains("refauth_passkey_ceremonies");
      } finally {
        ((AutoCloseable) opened).close();
      }
    }
  }
}
