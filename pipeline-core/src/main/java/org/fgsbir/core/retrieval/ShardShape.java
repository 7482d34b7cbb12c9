package org.fgsbir.core.retrieval;

/** The shape every kernel's prepared shard shares: size, dimension, first index and the kernel's name. */
abstract class ShardShape implements ScoringKernel.PreparedShard {
  final int size;
  final int dimension;
  final int firstIndex;
  private final String kernelName;

  ShardShape(int size, int dimension, int firstIndex, String kernelName) {
    this.size = size;
    this.dimension = dimension;
    this.firstIndex = firstIndex;
    this.kernelName = kernelName;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int firstIndex() {
    return firstIndex;
  }

  @Override
  public String kernelName() {
    return kernelName;
  }
}
