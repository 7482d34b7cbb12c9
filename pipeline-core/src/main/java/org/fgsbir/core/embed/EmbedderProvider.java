package org.fgsbir.core.embed;

/**
 * Service-provider interface for an embedding engine. Engines register through
 * {@code META-INF/services/org.fgsbir.core.embed.EmbedderProvider}; {@link Embedders#open} picks one by
 * {@link ModelSpec#engine()}.
 */
public interface EmbedderProvider {

  /** The engine name this provider serves, matched against {@link ModelSpec#engine()}. */
  String engine();

  /**
   * Opens one branch of the model described by {@code spec}.
   *
   * @throws IllegalArgumentException if the spec does not fit this engine (the message names the
   *     expected and actual values)
   */
  Embedder open(ModelSpec spec, Branch branch);
}
