package org.fgsbir.core.sketch;

import java.util.Objects;
import java.util.Optional;

/**
 * A sketch record that cannot be read: malformed JSON, a missing field, a stroke whose arrays disagree,
 * and so on. The message names the record and says what is wrong and how to fix it:
 * {@code "<source>:<line>: sketch <id>: <reason>; <fix>"}. The {@code sketch <id>: } part is present only
 * when the id could be read, and {@code :<line>} only when the line is known ({@link #line()} > 0).
 */
public class SketchFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The file or other source of the record. */
  private final String source;
  /** 1-based line number, 0 when unknown. */
  private final long line;
  /** The sketch id, or null when unknown. */
  private final String sketchId;
  /** What is wrong. */
  private final String reason;
  /** How to fix it. */
  private final String fix;

  /**
   * Creates the exception.
   *
   * @param source the file or other source the record came from (e.g. a path); never blank in messages
   * @param line 1-based line number, or 0 when unknown
   * @param sketchId the record's sketch id, or null when it could not be read
   * @param reason what is wrong with the record
   * @param fix how to fix it
   */
  public SketchFormatException(String source, long line, String sketchId, String reason, String fix) {
    this(source, line, sketchId, reason, fix, null);
  }

  /**
   * Creates the exception with an underlying cause (such as a JSON parser error).
   *
   * @param source the file or other source the record came from
   * @param line 1-based line number, or 0 when unknown
   * @param sketchId the record's sketch id, or null when it could not be read
   * @param reason what is wrong with the record
   * @param fix how to fix it
   * @param cause the underlying error, or null
   */
  public SketchFormatException(
      String source, long line, String sketchId, String reason, String fix, Throwable cause) {
    super(format(source, line, sketchId, reason, fix), cause);
    this.source = sourceName(source);
    this.line = Math.max(0, line);
    this.sketchId = sketchId;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.fix = Objects.requireNonNull(fix, "fix");
  }

  private static String sourceName(String source) {
    return source == null || source.isBlank() ? "<input>" : source;
  }

  private static String format(String source, long line, String sketchId, String reason, String fix) {
    StringBuilder sb = new StringBuilder(sourceName(source));
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (sketchId != null) {
      sb.append("sketch ").append(sketchId).append(": ");
    }
    return sb.append(reason).append("; ").append(fix).toString();
  }

  /** The file or other source of the bad record ({@code <input>} when none was given). */
  public String source() {
    return source;
  }

  /** The 1-based line number of the bad record, or 0 when unknown. */
  public long line() {
    return line;
  }

  /** The id of the bad sketch, when it could be read. */
  public Optional<String> sketchId() {
    return Optional.ofNullable(sketchId);
  }

  /** What is wrong with the record, without location or fix. */
  public String reason() {
    return reason;
  }

  /** How to fix the record. */
  public String fix() {
    return fix;
  }
}
