package org.fgsbir.jobs.config;

/**
 * A configuration problem the user can fix: an unknown key, a bad value, a missing required setting
 * or an unreadable conf file. The message is one line and says the problem, where it came from and
 * what is allowed.
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its user-facing message. */
  public ConfigException(String message) {
    super(message);
  }

  /** Creates the exception with its user-facing message and the underlying cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
