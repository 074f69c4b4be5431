package dev.refauth.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.refauth.core.AuthEvent;
import dev.refauth.core.spi.AuthEventListener;
import java.io.IOException;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Writes every {@link AuthEvent} as one JSON line to the SLF4J logger {@value #LOGGER} at INFO, so that any logging
 * backend takes the audit trail and a log pipeline parses it without a pattern:
 *
 * <pre>{"ts":"2026-12-02T10:15:30.120Z","type":"authn_login_fail","event":"SIGN_IN_FAILED","method":"password",
 * "account":"3f2c…","tenant":"acme","client":"203.0.113.7","request":"9b1e…"}</pre>
 *
 * <p>{@code type} is the OWASP logging vocabulary's name; {@code account} is absent when no account is known. Nothing
 * else is written: never an email address, a password, a token or a cookie (the event has none). Every value may have
 * come from a client, so every character that could end or fake a line is escaped: control characters (C0 and C1),
 * DEL, the Unicode line and paragraph separators and the bidirectional overrides ({@code \\uXXXX}).
 *
 * <p>Registered with {@code ServiceLoader}: on the class path, it is on.
 */
public final class JsonAuditLog implements AuthEventListener {
  /** The logger's name: route or silence the audit trail by it. */
  public static final String LOGGER = "dev.refauth.audit";

  private static final JsonFactory JSON = new JsonFactory().setCharacterEscapes(new Escapes());

  private final Consumer<String> sink;

  /**
   * To {@value #LOGGER} through SLF4J; where SLF4J has no provider (a server that routes its applications'
   * logging through {@code java.util.logging}, as Payara does), through {@link System.Logger} under the same name, so
   * that the trail is never silently dropped.
   */
  public JsonAuditLog() {
    this(
        LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory
            ? platform()
            : slf4j(LoggerFactory.getLogger(LOGGER)));
  }

  /** To {@code log}. */
  public JsonAuditLog(Logger log) {
    this(slf4j(log));
  }

  private JsonAuditLog(Consumer<String> sink) {
    this.sink = sink;
  }

  private static Consumer<String> slf4j(Logger log) {
    return line -> {
      if (log.isInfoEnabled()) {
        log.info(line);
      }
    };
  }

  private static Consumer<String> platform() {
    System.Logger log = System.getLogger(LOGGER);
    return line -> {
      if (log.isLoggable(System.Logger.Level.INFO)) {
        log.log(System.Logger.Level.INFO, line);
      }
    };
  }

  @Override
  public void onEvent(AuthEvent event) {
    sink.accept(line(event));
  }

  /** {@code event} as one line of JSON. */
  public static String line(AuthEvent e) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("ts", DateTimeFormatter.ISO_INSTANT.format(e.at()));
      g.writeStringField("type", e.type().vocabulary());
      g.writeStringField("event", e.type().name());
      g.writeStringField("method", e.method().label());
      if (e.subject().isPresent()) {
        g.writeStringField("account", e.subject().get());
      }
      g.writeStringField("tenant", e.tenant());
      g.writeStringField("client", e.address());
      g.writeStringField("request", e.requestId());
      g.writeEndObject();
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
    return out.toString();
  }

  /** JSON's own escapes, and {@code \\uXXXX} for every character that could break or disguise a log line. */
  private static final class Escapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    Escapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      boolean escaped =
          (ch >= 0x80 && ch <= 0x9f)
              || ch == 0x2028
              || ch == 0x2029
              || (ch >= 0x202a && ch <= 0x202e)
              || (ch >= 0x2066 && ch <= 0x2069)
              || ch == 0x200e
              || ch == 0x200f
              || ch == 0x061c;
      return escaped ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}
