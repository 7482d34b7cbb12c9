package org.fgsbir.core.embed.baseline;

import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.EmbedderProvider;
import org.fgsbir.core.embed.ModelSpec;

/** Serves engine {@code baseline}: {@link BaselineEmbedder}, which needs no model file. */
public final class BaselineEmbedderProvider implements EmbedderProvider {

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public BaselineEmbedderProvider() {}

  /** Returns {@code baseline}. */
  @Override
  public String engine() {
    return BaselineEmbedder.ENGINE;
  }

  /** Opens a {@link BaselineEmbedder}; see its constructor for what the spec must satisfy. */
  @Override
  public Embedder open(ModelSpec spec, Branch branch) {
    return new BaselineEmbedder(spec, branch);
  }
}
