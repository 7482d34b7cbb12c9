package org.fgsbir.jobs.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A lazy output iterator for a partition function that turns input records into output rows in
 * batches: {@link #fill()} consumes some input and queues the rows it produced; rows are handed out as
 * Spark pulls them, so a partition is never held in memory whole.
 *
 * @param <O> output row type
 */
public abstract class PartitionIterator<O> implements Iterator<O> {
  private final ArrayDeque<O> ready = new ArrayDeque<>();
  private boolean exhausted;

  /**
   * Consumes input and queues output with {@link #emit}; returns false once the input is exhausted and
   * everything pending has been emitted.
   */
  protected abstract boolean fill();

  /** Queues one output row. */
  protected final void emit(O row) {
    ready.add(row);
  }

  @Override
  public final boolean hasNext() {
    while (ready.isEmpty() && !exhausted) {
      exhausted = !fill();
    }
    return !ready.isEmpty();
  }

  @Override
  public final O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }
}
