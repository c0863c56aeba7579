package io.dendrite.model;

/**
 * The k smallest values of a row and their indices, by a partial selection: one pass that keeps the best k seen
 * so far in a bounded max-heap (O(n log k), and close to n comparisons when k ≪ n, since most values lose
 * against the heap's top at once), then the k winners sorted. Order is by value, then by index, so equal
 * distances rank the earlier training example first. Not thread-safe: one per thread.
 */
final class NearestSelection {
    private final int k;
    private final double[] heapValue;
    private final int[] heapIndex;

    NearestSelection(int k) {
        this.k = k;
        this.heapValue = new double[k];
        this.heapIndex = new int[k];
    }

    /** Indices of the k smallest of {@code values[0, n)}, nearest first, written to {@code out[0, k)}. */
    void smallest(double[] values, int n, int[] out) {
        int size = 0;
        for (int j = 0; j < n; j++) {
            double v = values[j];
            if (size < k) {
                heapValue[size] = v;
                heapIndex[size] = j;
                siftUp(size++);
            } else if (v < heapValue[0]) { // an equal value comes later in index order and so ranks after the top
                heapValue[0] = v;
                heapIndex[0] = j;
                siftDown(0, k);
            }
        }
        for (int last = size - 1; last >= 0; last--) { // pop the largest into the back: ascending order
            out[last] = heapIndex[0];
            heapValue[0] = heapValue[last];
            heapIndex[0] = heapIndex[last];
            siftDown(0, last);
        }
    }

    /** True when entry a ranks after entry b (larger value, or the same value and a larger index). */
    private boolean after(int a, int b) {
        return heapValue[a] > heapValue[b] || (heapValue[a] == heapValue[b] && heapIndex[a] > heapIndex[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!after(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i, int size) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                return;
            }
            if (child + 1 < size && after(child + 1, child)) {
                child++;
            }
            if (!after(child, i)) {
                return;
            }
            swap(i, child);
            i = child;
        }
    }

    private void swap(int a, int b) {
        double v = heapValue[a];
        heapValue[a] = heapValue[b];
        heapValue[b] = v;
        int x = heapIndex[a];
        heapIndex[a] = heapIndex[b];
        heapIndex[b] = x;
    }
}
