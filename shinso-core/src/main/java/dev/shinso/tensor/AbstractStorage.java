package dev.shinso.tensor;

/** What every {@link Storage} keeps the same way: its dtype, its size and the version counter of in-place changes. */
public abstract class AbstractStorage implements Storage {
  private final DType dtype;
  private final int size;
  private int version;

  protected AbstractStorage(DType dtype, int size) {
    this.dtype = dtype;
    this.size = size;
  }

  @Override
  public final DType dtype() {
    return dtype;
  }

  @Override
  public final int size() {
    return size;
  }

  @Override
  public final int version() {
    return version;
  }

  @Override
  public final void bumpVersion() {
    version++;
  }
}
