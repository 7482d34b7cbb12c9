package org.fgsbir.jobs.cli;

/** A command line that cannot be understood: unknown command or option, missing or malformed value. */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its one-line, user-facing message. */
  public UsageException(String message) {
    super(message);
  }
}
