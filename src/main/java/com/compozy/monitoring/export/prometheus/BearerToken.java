package com.compozy.monitoring.export.prometheus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A bearer token checked in constant time. Both sides are hashed first, so neither the token's
 * content nor its length shows in how long a comparison takes. The token itself is not kept and
 * never appears in {@link #toString()}.
 */
final class BearerToken {
  private static final String SCHEME = "bearer ";

  private final byte[] expected;

  BearerToken(String token) {
    this.expected = sha256(token);
  }

  /** Whether {@code authorization} (an {@code Authorization} header, may be null) carries the token. */
  boolean admits(String authorization) {
    if (authorization == null || authorization.length() <= SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(authorization.substring(SCHEME.length()).trim()));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
