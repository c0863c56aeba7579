package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads the golden files written by the numpy scripts beside them: {@code name|shape|values}, one per line. */
public final class Golden {
    private final String resource;
    private final Map<String, Tensor> values = new HashMap<>();

    private Golden(String resource) {
        this.resource = resource;
    }

    public static Golden load(String resource) {
        Golden g = new Golden(resource);
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("golden resource " + resource + " not found on the test classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\\|", -1);
                int[] shape = parts[1].isEmpty() ? new int[0]
                        : java.util.Arrays.stream(parts[1].split(",")).mapToInt(Integer::parseInt).toArray();
                double[] v = java.util.Arrays.stream(parts[2].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
                g.values.put(parts[0], Tensor.of(v, shape));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    public Tensor get(String name) {
        Tensor t = values.get(name);
        if (t == null) {
            throw new IllegalArgumentException(resource + " has no entry '" + name + "'; regenerate it with the script beside it");
        }
        return t;
    }

    public double scalar(String name) {
        return get(name).item();
    }
}
