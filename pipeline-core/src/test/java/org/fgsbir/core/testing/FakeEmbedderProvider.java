package org.fgsbir.core.testing;

import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.EmbedderProvider;
import org.fgsbir.core.embed.ModelSpec;

/**
 * Serves {@link FakeEmbedder} under engine {@code fake}; registered for tests only, through
 * {@code src/test/resources/META-INF/services} of pipeline-core (shipped in its test-jar).
 */
public final class FakeEmbedderProvider implements EmbedderProvider {

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public FakeEmbedderProvider() {}

  @Override
  public String engine() {
    return FakeEmbedder.ENGINE;
  }

  @Override
  public Embedder open(ModelSpec spec, Branch branch) {
    if (!FakeEmbedder.ENGINE.equals(spec.engine())) {
      throw new IllegalArgumentException(
          "fake provider asked for engine '" + spec.engine() + "'; it serves only '" + FakeEmbedder.ENGINE + "'");
    }
    return new FakeEmbedder(branch, spec.dimension());
  }
}
