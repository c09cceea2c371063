package dev.shinso.cuda.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingAllocatorTest {
  /** A device with a capacity, handing out increasing addresses. */
  static final class FakeDevice implements CachingAllocator.Device {
    final long capacity;
    long used, next = 0x1000, syncs;
    final List<Long> frees = new ArrayList<>();
    final Map<Long, Long> live = new HashMap<>();
    int mallocs;

    FakeDevice(long capacity) {
      this.capacity = capacity;
    }

    @Override
    public long malloc(long bytes) {
      if (used + bytes > capacity) return 0;
      mallocs++;
      used += bytes;
      long p = next;
      next += bytes;
      live.put(p, bytes);
      return p;
    }

    @Override
    public void free(long pointer) {
      frees.add(pointer);
      used -= live.remove(pointer);
    }

    @Override
    public void synchronize() {
      syncs++;
    }
  }

  @Test
  void aReleasedBlockIsReusedForTheSameSizeClass() {
    FakeDevice dev = new FakeDevice(1 << 30);
    CachingAllocator a = new CachingAllocator(dev, "cuda:0");
    CachingAllocator.Block b = a.allocate(1000);
    assertThat(b.size()).isEqualTo(1024);
    assertThat(a.stats()).isEqualTo(new MemoryStats(1024, 1024, 1024));
    a.release(b);
    assertThat(a.stats()).isEqualTo(new MemoryStats(0, 1024, 1024));
    CachingAllocator.Block again = a.allocate(600);  // rounds to 1024 too
    assertThat(again.pointer()).isEqualTo(b.pointer());
    assertThat(dev.mallocs).isEqualTo(1);
    CachingAllocator.Block other = a.allocate(2000);
    assertThat(other.pointer()).isNotEqualTo(b.pointer());
    assertThat(dev.mallocs).isEqualTo(2);
    assertThat(a.stats()).isEqualTo(new MemoryStats(1024 + 2048, 1024 + 2048, 1024 + 2048));
  }

  @Test
  void peakKeepsTheMaximumUntilReset() {
    CachingAllocator a = new CachingAllocator(new FakeDevice(1 << 30), "cuda:0");
    CachingAllocator.Block big = a.allocate(1 << 20);
    a.release(big);
    a.allocate(512);
    assertThat(a.stats().peak()).isEqualTo(1 << 20);
    a.resetPeak();
    assertThat(a.stats().peak()).isEqualTo(512);
  }

  @Test
  void emptyCacheReturnsCachedBlocksAfterTheQueuedWork() {
    FakeDevice dev = new FakeDevice(1 << 30);
    CachingAllocator a = new CachingAllocator(dev, "cuda:0");
    CachingAllocator.Block x = a.allocate(512), y = a.allocate(4096), kept = a.allocate(512);
    a.release(x);
    a.release(y);
    a.emptyCache();
    assertThat(dev.syncs).isEqualTo(1);
    assertThat(dev.frees).containsExactlyInAnyOrder(x.pointer(), y.pointer());
    assertThat(a.stats()).isEqualTo(new MemoryStats(512, 512, 512 + 4096 + 512));
    assertThat(kept.size()).isEqualTo(512);
  }

  @Test
  void outOfMemoryFirstReturnsTheCacheToTheDriver() {
    FakeDevice dev = new FakeDevice(8192);
    CachingAllocator a = new CachingAllocator(dev, "cuda:0");
    a.release(a.allocate(4096));
    a.release(a.allocate(2048));
    // 4096 + 2048 cached of 8192: 6000 (6144 rounded) fits only once the cache is given back
    CachingAllocator.Block b = a.allocate(6000);
    assertThat(b.size()).isEqualTo(6144);
    assertThat(dev.frees).hasSize(2);
    assertThat(dev.syncs).isEqualTo(1);
    assertThat(a.stats()).isEqualTo(new MemoryStats(6144, 6144, 6144));
  }

  @Test
  void outOfMemoryNamesTheRequestAndTheState() {
    CachingAllocator a = new CachingAllocator(new FakeDevice(4096), "cuda:0");
    a.allocate(4096);
    assertThatThrownBy(() -> a.allocate(10_000)).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cuda:0: out of memory allocating 10000 bytes (10240 rounded)")
        .hasMessageContaining("4096 bytes allocated to tensors, 4096 reserved");
  }
}
