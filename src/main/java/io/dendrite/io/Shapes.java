package io.dendrite.io;

/** Shapes as numpy prints them — {@code ()}, {@code (5,)}, {@code (2, 3)} — and their element counts. */
final class Shapes {
    private Shapes() {
    }

    static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
