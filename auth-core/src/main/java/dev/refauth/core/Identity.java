package dev.refauth.core;

import dev.refauth.core.internal.AuthJson;
import dev.refauth.core.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who the user is: what Refine's {@code getIdentity} resolves to and {@code GET /auth/me} answers.
 *
 * <p>The well-known fields are {@code id}, {@code name}, {@code email}, {@code avatar} and {@code tenant};
 * anything else goes in {@link #attributes()} and is written at the top level of the JSON. A provider
 * may also attach the application's own user object; {@link #as(Class)} gives it back typed, the server
 * side of Refine's {@code useGetIdentity<User>()}.
 */
public final class Identity {
  private static final Set<String> RESERVED = Set.of("id", "name", "email", "avatar", "tenant");

  private final String id;
  private final @Nullable String name;
  private final @Nullable String email;
  private final @Nullable String avatar;
  private final @Nullable String tenant;
  private final Map<String, Object> attributes;
  private final @Nullable Object user;

  private Identity(Builder b) {
    this.id = b.id;
    this.name = b.name;
    this.email = b.email;
    this.avatar = b.avatar;
    this.tenant = b.tenant;
    this.attributes =
        b.attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
    this.user = b.user;
  }

  /** An identity with just an id. */
  public static Identity of(String id) {
    return builder(id).build();
  }

  /** A builder for an identity with this stable, unique id (the subject). */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** A builder that starts from this identity. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.name = name;
    b.email = email;
    b.avatar = avatar;
    b.tenant = tenant;
    b.attributes.putAll(attributes);
    b.user = user;
    return b;
  }

  /** The stable, unique id of the user (the subject); the principal name. */
  public String id() {
    return id;
  }

  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  public Optional<String> avatar() {
    return Optional.ofNullable(avatar);
  }

  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /** Extra fields, in insertion order. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** The application's own user object, if the provider attached one. */
  public Optional<Object> user() {
    return Optional.ofNullable(user);
  }

  /**
   * This identity as the application's own type: the attached user object if it is one, otherwise the
   * JSON form of this identity read into {@code type} (unknown properties ignored).
   *
   * @throws AuthException if the identity cannot be read as {@code type} (a programming error)
   */
  public <T> T as(Class<T> type) {
    Checks.notNull(type, "type");
    if (type.isInstance(user)) {
      return type.cast(user);
    }
    if (type == Identity.class) {
      return type.cast(this);
    }
    return AuthJson.convert(toMap(), type);
  }

  /** The identity as Refine's {@code getIdentity} answers it: the well-known fields present, then the attributes. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    name().ifPresent(v -> m.put("name", v));
    email().ifPresent(v -> m.put("email", v));
    avatar().ifPresent(v -> m.put("avatar", v));
    tenant().ifPresent(v -> m.put("tenant", v));
    m.putAll(attributes);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identity i
        && i.id.equals(id)
        && Objects.equals(i.name, name)
        && Objects.equals(i.email, email)
        && Objects.equals(i.avatar, avatar)
        && Objects.equals(i.tenant, tenant)
        && i.attributes.equals(attributes)
        && Objects.equals(i.user, user);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, email, avatar, tenant, attributes);
  }

  @Override
  public String toString() {
    return "Identity[" + id + (tenant == null ? "" : "@" + tenant) + "]";
  }

  /** Builds an {@link Identity}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private @Nullable String name;
    private @Nullable String email;
    private @Nullable String avatar;
    private @Nullable String tenant;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private @Nullable Object user;

    private Builder(String id) {
      this.id = Checks.notBlank(id, "id");
    }

    public Builder name(String name) {
      this.name = Checks.notNull(name, "name");
      return this;
    }

    public Builder email(String email) {
      this.email = Checks.notNull(email, "email");
      return this;
    }

    public Builder avatar(String avatar) {
      this.avatar = Checks.notNull(avatar, "avatar");
      return this;
    }

    public Builder tenant(String tenant) {
      this.tenant = Checks.notBlank(tenant, "tenant");
      return this;
    }

    /**
     * One more field of the identity's JSON.
     *
     * @throws IllegalArgumentException if {@code key} is one of the well-known fields
     */
    public Builder attribute(String key, Object value) {
      Checks.notBlank(key, "key");
      Checks.require(!RESERVED.contains(key), "'%s' has its own builder method", key);
      attributes.put(key, Checks.notNull(value, "value"));
      return this;
    }

    /** Attaches the application's own user object, returned by {@link Identity#as(Class)}. */
    public Builder user(Object user) {
      this.user = Checks.notNull(user, "user");
      return this;
    }

    public Identity build() {
      return new Identity(this);
    }
  }
}
