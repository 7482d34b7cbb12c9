package org.fgsbir.jobs.djl;

import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.EmbedderProvider;
import org.fgsbir.core.embed.ModelSpec;

/** Serves engine {@code djl}: {@link DjlEmbedder} over a folder of TorchScript or ONNX branch files. */
public final class DjlEmbedderProvider implements EmbedderProvider {

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public DjlEmbedderProvider() {}

  @Override
  public String engine() {
    return DjlEmbedder.ENGINE;
  }

  @Override
  public Embedder open(ModelSpec spec, Branch branch) {
    return new DjlEmbedder(spec, branch);
  }
}
