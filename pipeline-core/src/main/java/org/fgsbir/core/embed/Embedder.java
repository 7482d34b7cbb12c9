package org.fgsbir.core.embed;

import java.util.List;
import org.fgsbir.core.image.ImageTensor;

/**
 * The port every embedding engine implements: one branch of a model, turning a batch of preprocessed
 * inputs into L2-normalised vectors. Implementations may hold native resources; close them when done.
 * An embedder is used by one thread at a time.
 */
public interface Embedder extends AutoCloseable {

  /** The branch this embedder runs. */
  Branch branch();

  /** Length of every vector this embedder returns. */
  int dimension();

  /**
   * Embeds a batch.
   *
   * @param batch inputs shaped as the model spec of this embedder says
   * @return one L2-normalised vector of length {@link #dimension()} per input, in input order
   * @throws IllegalArgumentException if an input has the wrong shape
   */
  float[][] embed(List<ImageTensor> batch);

  /** Releases native resources; idempotent. */
  @Override
  void close();
}
