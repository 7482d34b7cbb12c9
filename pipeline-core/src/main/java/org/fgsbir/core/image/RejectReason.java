package org.fgsbir.core.image;

/**
 * Why a photo could not be turned into a model input. Each reason has a stable lower-case {@link #code()}
 * written to the rejects table.
 */
public enum RejectReason {
  /** The photo has no bytes. */
  EMPTY("empty"),
  /** The bytes look like a known image format but cannot be decoded (corrupt, truncated). */
  UNDECODABLE("undecodable"),
  /** No installed image reader recognises the bytes. */
  UNSUPPORTED_FORMAT("unsupported_format"),
  /** The header declares more pixels than the configured limit; the pixels were not decoded. */
  TOO_LARGE("too_large");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  /** The stable code for tables and metrics, e.g. {@code undecodable}. */
  public String code() {
    return code;
  }
}
