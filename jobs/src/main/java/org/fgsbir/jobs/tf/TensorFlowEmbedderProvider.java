package org.fgsbir.jobs.tf;

import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.EmbedderProvider;
import org.fgsbir.core.embed.ModelSpec;

/** Serves engine {@code tensorflow}: {@link TensorFlowEmbedder} over a SavedModel folder. */
public final class TensorFlowEmbedderProvider implements EmbedderProvider {

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public TensorFlowEmbedderProvider() {}

  @Override
  public String engine() {
    return TensorFlowEmbedder.ENGINE;
  }

  @Override
  public Embedder open(ModelSpec spec, Branch branch) {
    return new TensorFlowEmbedder(spec, branch);
  }
}
