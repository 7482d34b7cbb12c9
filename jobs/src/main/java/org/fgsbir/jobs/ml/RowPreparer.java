package org.fgsbir.jobs.ml;

import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.fgsbir.core.image.ImageTensor;

/**
 * Turns one input row into a model input, or says why it cannot (an expected, per-row failure). One
 * preparer serves one partition, on one thread.
 */
interface RowPreparer {

  /**
   * Prepares one row.
   *
   * @param row the input row (its input column may be null)
   * @param id the row's name for messages
   */
  Prepared prepare(Row row, String id);

  /** Creates a preparer per partition on the executor (a preparer may hold non-serialisable state). */
  interface Factory extends Serializable {
    RowPreparer open();
  }

  /** The outcome for one row. */
  sealed interface Prepared permits Accepted, Rejected {}

  /**
   * A row that becomes a model input.
   *
   * @param tensor the model input
   * @param extras values of the stage's extra columns, in order
   */
  record Accepted(ImageTensor tensor, Object[] extras) implements Prepared {}

  /**
   * A row that cannot be embedded.
   *
   * @param code the stable reason code, e.g. {@code undecodable}
   * @param message the problem, its cause and the fix
   */
  record Rejected(String code, String message) implements Prepared {}
}
