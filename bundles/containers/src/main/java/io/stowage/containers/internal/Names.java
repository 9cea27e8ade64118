package io.stowage.containers.internal;

import java.util.Random;
import java.util.regex.Pattern;

/** Container names: Docker's rule for given names, and adjective_scientist for generated ones. */
final class Names {
    static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final String[] LEFT = {"admiring", "brave", "clever", "dazzling", "eager", "focused", "gentle",
        "happy", "jolly", "keen", "loving", "modest", "nifty", "optimistic", "quirky", "serene", "tender", "vibrant",
        "wizardly", "zealous"};
    private static final String[] RIGHT = {"babbage", "curie", "darwin", "euclid", "fermi", "galileo", "hopper",
        "kepler", "lovelace", "meitner", "noether", "pascal", "ritchie", "shannon", "tesla", "turing", "wozniak"};
    private static final Random RANDOM = new Random();

    private Names() {
    }

    static String generate() {
        return LEFT[RANDOM.nextInt(LEFT.length)] + "_" + RIGHT[RANDOM.nextInt(RIGHT.length)];
    }
}
