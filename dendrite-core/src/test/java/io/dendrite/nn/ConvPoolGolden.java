package io.dendrite.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads golden/conv_pool.txt (made by golden/conv_pool.py with numpy): "name: v0 v1 …" per line. */
final class ConvPoolGolden {
    private static Map<String, double[]> values;

    private ConvPoolGolden() {
    }

    static synchronized double[] get(String name) {
        if (values == null) {
            values = load();
        }
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no golden values named " + name + " in golden/conv_pool.txt");
        }
        return v.clone();
    }

    private static Map<String, double[]> load() {
        try (InputStream in = ConvPoolGolden.class.getResourceAsStream("golden/conv_pool.txt")) {
            if (in == null) {
                throw new IllegalStateException("golden/conv_pool.txt missing from the test resources");
            }
            Map<String, double[]> m = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(':');
                String[] parts = line.substring(colon + 1).trim().split(" ");
                double[] v = new double[parts.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Double.parseDouble(parts[i]);
                }
                m.put(line.substring(0, colon), v);
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
