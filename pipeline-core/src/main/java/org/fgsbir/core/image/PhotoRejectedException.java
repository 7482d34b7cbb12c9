package org.fgsbir.core.image;

import java.util.Objects;

/**
 * A photo that cannot become a model input, for an expected reason (see {@link RejectReason}). The message
 * reads {@code "Cannot embed photo <id>: <problem>; <fix>"}.
 */
public class PhotoRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String photoId;
  private final RejectReason reason;

  /**
   * Creates the exception and its message {@code "Cannot embed photo <photoId>: <problem>; <fix>"}.
   *
   * @param photoId the photo's id (as given to the preprocessor)
   * @param reason the reject reason
   * @param problem what is wrong, with the numbers that show it
   * @param fix what the user can do about it
   * @param cause the underlying failure, or null
   */
  public PhotoRejectedException(
      String photoId, RejectReason reason, String problem, String fix, Throwable cause) {
    super("Cannot embed photo " + photoId + ": " + problem + "; " + fix, cause);
    this.photoId = photoId;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The id of the rejected photo. */
  public String photoId() {
    return photoId;
  }

  /** Why the photo was rejected. */
  public RejectReason reason() {
    return reason;
  }
}
