package io.dendrite.data.text;

import io.dendrite.data.DataCache;
import io.dendrite.data.DataFileException;
import io.dendrite.data.DebPackages;
import io.dendrite.data.FileSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's fortune cookies as a text corpus for character-level language models: about 15 000 quips, quotes,
 * poems and jokes in 43 files, 2.6 million characters.
 *
 * <p><b>Where it comes from.</b> {@link #fetch()} runs {@code apt-get download fortunes fortunes-min} and
 * {@code dpkg -x}, takes the 43 plain text files of {@value #PACKAGE_FOLDER} (not the {@code .dat} indexes nor
 * the {@code .u8} links, which point to the same files) and checks each against the size and SHA-256 pinned in
 * {@link #FILES} (version 1:1.99.1-7.3 of both packages) before caching them as {@code fortunes/} in the data
 * cache ({@code ~/.cache/dendrite/} or {@code $DENDRITE_DATA}); see {@link DebPackages} and {@link DataCache}.
 * {@code dendrite fetch fortunes} does the same from the command line. Where the packages are installed,
 * {@code Fortunes.load(Path.of("/usr/share/games/fortunes"))} reads them in place.
 *
 * <p><b>The text.</b> A fortune file holds records separated by lines holding a single {@code %}. The corpus
 * keeps that form: each record, its lines ending in {@code \n}, then {@code %\n}; files follow one another in
 * name order. The last {@value #HELD_OUT_PERCENT} % of each file's records (rounded down) are held out for
 * perplexity, so that both parts cover every file. The text is kept as the packages ship it, including tabs,
 * backspaces used for overstrike, and a few mis-encoded characters: {@link #load()} gives 113 distinct
 * characters. {@link #corpus(List, int)} does the same for any fortune-format files.
 */
public final class Fortunes {
    /** The name of the cache folder and of {@code dendrite fetch fortunes}. */
    public static final String NAME = "fortunes";
    /**
     * The Debian packages that hold the files: {@code fortunes-min} has {@code fortunes}, {@code literature} and
     * {@code riddles}; {@code fortunes} the other 40.
     */
    public static final List<String> PACKAGES = List.of("fortunes", "fortunes-min");
    /** Where the packages keep the files. */
    public static final String PACKAGE_FOLDER = "usr/share/games/fortunes/";
    /** The share of each file's records held out, in percent. */
    public static final int HELD_OUT_PERCENT = 10;

    /** The 43 plain text files of version 1:1.99.1-7.3 of the packages, in name order. */
    public static final List<FileSpec> FILES = List.of(
            new FileSpec("art", 85327L,
                    "600b8197bc994fd4fcbb623aa5e700629540af44f044d4907886bd1031f160ce"),
            new FileSpec("ascii-art", 5877L,
                    "818d0967629e0cd48b69c4b7e93645a7f80bba99ed4f1cd668f42b3d174b7431"),
            new FileSpec("computers", 237981L,
                    "a86be224d9f733b88eeaf8a46ea0427e05cc69c69edcf5f6db47ddf561ca37fd"),
            new FileSpec("cookie", 245093L,
                    "5dc97eee96dcc5287c373be629482730d45f77b59da1287933c9c5f482a055eb"),
            new FileSpec("debian", 15615L,
                    "491dd04bf909b64152bcb554b9bc88df0ca50c0dc676d74d10742bf38aaa50de"),
            new FileSpec("definitions", 180268L,
                    "57be4744c353d931fa2ca95f50215d4b67539f5a527ae628a6441fb4a1258caa"),
            new FileSpec("disclaimer", 10749L,
                    "c085d66ea68686d5e28852cef77c3eeb3640895c5647b148deeaaada2c07fa7b"),
            new FileSpec("drugs", 40931L,
                    "a5a59ee8b0e1fd3085a38dfa29149fe9a2c8d7f256b74aea71aa2cc08a9990c1"),
            new FileSpec("education", 39280L,
                    "ba13321d6d6beb7a6e65296a47450bfc87b24a319fff2e94762011b59a31aa35"),
            new FileSpec("ethnic", 34364L,
                    "61695cb9b60dbee91755027da1fa4f850f4c6386ff38197a48e4ff1696385e19"),
            new FileSpec("food", 34377L,
                    "78077a65b9288df71e7b2a8e8258cd3b1005d1282f7c7e57ad53927f374df45d"),
            new FileSpec("fortunes", 24516L,
                    "8819e6b83bacd6b7e8a4a2483f41e126b3b4b3ef8cd2aca907a53b163f082fd5"),
            new FileSpec("goedel", 7391L,
                    "9d447862c803f22cdf7bb26cb70cca1a7f8a2a7992f2793ddcb43cfcf3302ab0"),
            new FileSpec("humorists", 42446L,
                    "ffdf67e1f4049133bf904b769c364de45e5ae0abfb3ea7c9afb54b87b89acfc4"),
            new FileSpec("kids", 28587L,
                    "82e51834990afd36f2ea2f25864b368e2f44f9c761aba034035b26061de6d5be"),
            new FileSpec("knghtbrd", 87971L,
                    "c25e8373b38a6f159a7b1d336f363d5c962224a6ddcc86279dec47aad3c869b3"),
            new FileSpec("law", 56657L,
                    "f04141f94e788b7899e0adb0490d182ce711f8fdbb8252343a5257e717e9279d"),
            new FileSpec("linux", 58496L,
                    "85b0e5eadf7adeea77da4e1fbd456c962ce3bd1dabbd053098ecf37de9169cf3"),
            new FileSpec("linuxcookie", 19466L,
                    "4f75959924ae5bb1955c30a5c985e641ec17cd5ebb7453d839f94b1988331202"),
            new FileSpec("literature", 53589L,
                    "22eab7d53ce994d0466901bb0d799ae3289603e17dc0bdb7f16666931155c5a5"),
            new FileSpec("love", 20423L,
                    "4d4fb7c540e5500e44643524dae41dd7d2b21b80be184253fd9f8541f6029fc5"),
            new FileSpec("magic", 9816L,
                    "b9553a1d84d966db55a24a779206cc4565bf3686c9ecbc31215f654129e3166e"),
            new FileSpec("medicine", 19193L,
                    "18b8c7b098e649024159c9d9f3e37a0832bbd2d5cf3e2317b313134761afd487"),
            new FileSpec("men-women", 101843L,
                    "8fc4eb68a8d16826372d9bfdc910c8ab917b8aa59e2aac533f3ec2b49a1314ba"),
            new FileSpec("miscellaneous", 48174L,
                    "e3d81fd016f9f84a70ecb9aa197c4911aca01a8034e49345b81093f6751bba9c"),
            new FileSpec("news", 11322L,
                    "4b8eebae510353d6f628dfdaf52bf8cbdafb891a122b146421c805b74f389617"),
            new FileSpec("paradoxum", 6383L,
                    "85228975016fe975065eaf0baf55980d32d26f9e2fa99f69da4696d11ac02036"),
            new FileSpec("people", 153878L,
                    "2afb4b9f577be114d2dca279bc5590ee8415e1405295d7d7626c888d82f338e8"),
            new FileSpec("perl", 40182L,
                    "b19145eadf97c31add2e0a199d93ffa0eb92e00275c2724b7ad6b4e412113536"),
            new FileSpec("pets", 7225L,
                    "084472564bc55df566733a224f8a737d78717132ec43628be0c2af466ac41ecc"),
            new FileSpec("platitudes", 35626L,
                    "88448274efec3d2c0908cc11525c9b065b95a32c232a2c58c67a87dd88545ee5"),
            new FileSpec("politics", 114921L,
                    "b56ca45a046edd5c459090a5c6b335332661b436e814b41ac87bb58065ad6131"),
            new FileSpec("pratchett", 401L,
                    "48410754f1b2091f418ac27421d2764628b23c91427b12809031cf2b39be5b0e"),
            new FileSpec("riddles", 20294L,
                    "bcaaab907b156a18a8943f0768828b4f1a18d382497d0e2ef012fe6aaa27becc"),
            new FileSpec("science", 129991L,
                    "7ab350b142ee6c70c1d8517c5a1b3790c09b190a62859427cad98e6e35a19fcc"),
            new FileSpec("songs-poems", 233975L,
                    "eb714d297b468da91b6ca32baefb000279a3e3740b09f8a87db24fe58e010b1a"),
            new FileSpec("sports", 37317L,
                    "b71dd524d7bca888ec1014fb849a8a15cf58017c59127e572d393ef7632c35c8"),
            new FileSpec("startrek", 30216L,
                    "7b2e4c235b99452b2de4c47d67aae0faac2ea508a2d644609e4ef5db7653c39c"),
            new FileSpec("tao", 37143L,
                    "4adddc35a122bb233a16c076abc0be0326ea3a68594146a6baee3b5f6489e12b"),
            new FileSpec("translate-me", 1787L,
                    "a183879cf46ee4a6176f6b9f0f31adb6abfc6333b64f8fbebeba57017c81e12e"),
            new FileSpec("wisdom", 61623L,
                    "9b0bd6b9331a68c9172219784a411c417c055ed69734edc7b4406795b87d4e94"),
            new FileSpec("work", 106982L,
                    "ad8a0e104160e2c4782fa86e143cd60ffab2872985d4293ffd0af6df19dbfa28"),
            new FileSpec("zippy", 38978L,
                    "b996a112c99a2d61782e1a9a1f3c5445122f18ac312485f2c78279e82ca33932"));

    private Fortunes() {
    }

    /** What {@link DebPackages} fetches, with the how-to-by-hand text for {@code cache}. */
    public static DebPackages.Source source(DataCache cache) {
        String manual = "To supply the fortunes by hand: install the Debian packages " + String.join(" and ", PACKAGES)
                + " and pass /" + PACKAGE_FOLDER + " to Fortunes.load(dir); or copy its " + FILES.size()
                + " plain text files (not the .dat and .u8 ones) into " + cache.folder(NAME)
                + ", where they are verified by SHA-256 on first use.";
        return new DebPackages.Source(NAME, "Debian's fortunes", PACKAGES, PACKAGE_FOLDER, FILES, manual);
    }

    /**
     * Fetches the files into the default cache when they are not there (an explicit fetch: damaged cached files
     * are fetched anew) and returns the cache folder. {@code apt-get update} runs only with
     * {@code DENDRITE_APT_UPDATE=1} as root.
     */
    public static Path fetch() throws IOException {
        return fetch(new DebPackages(DataCache.defaultCache()), true);
    }

    /** As {@link #fetch()}, with a configured fetcher; see {@link DebPackages#fetch}. */
    public static Path fetch(DebPackages fetcher, boolean replaceDamaged) throws IOException {
        return fetcher.fetch(source(fetcher.cache()), replaceDamaged);
    }

    /** True when the fortunes are in {@code cache}, complete and verified. */
    public static boolean isCached(DataCache cache) {
        return cache.isReady(NAME, FILES);
    }

    /** The corpus from the default cache, fetched first when it is not there (damaged cached files are refused). */
    public static TextCorpus load() throws IOException {
        DebPackages fetcher = new DebPackages(DataCache.defaultCache());
        return load(fetch(fetcher, false));
    }

    /**
     * The corpus from a folder holding the {@value #PACKAGE_FOLDER} files named in {@link #FILES} (a cache folder,
     * or the packages' own folder where they are installed); the files are read as they are, not checksummed.
     *
     * @throws DataFileException naming a missing file, or a file that is not UTF-8
     */
    public static TextCorpus load(Path folder) throws IOException {
        List<Path> files = new ArrayList<>(FILES.size());
        for (FileSpec f : FILES) {
            Path p = folder.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                throw new DataFileException(p, "missing: expected the fortune file " + f.name() + " (" + f.size()
                        + " bytes) of Debian's " + String.join("/", PACKAGES) + " in " + folder);
            }
            files.add(p);
        }
        return corpus(files, HELD_OUT_PERCENT);
    }

    /**
     * A corpus from fortune-format files (records separated by lines holding a single {@code %}), in the order
     * given; the last {@code heldOutPercent} % of each file's records (rounded down) are held out.
     */
    public static TextCorpus corpus(List<Path> files, int heldOutPercent) throws IOException {
        if (heldOutPercent < 0 || heldOutPercent >= 100) {
            throw new IllegalArgumentException("Fortunes.corpus: held-out percentage must be in [0, 100), got "
                    + heldOutPercent);
        }
        StringBuilder train = new StringBuilder();
        StringBuilder heldOut = new StringBuilder();
        for (Path file : files) {
            List<String> records = records(file);
            int held = records.size() * heldOutPercent / 100;
            for (int i = 0; i < records.size(); i++) {
                (i < records.size() - held ? train : heldOut).append(records.get(i)).append("%\n");
            }
        }
        String name = files.size() == 1 ? files.get(0).getFileName().toString() : NAME;
        return new TextCorpus(name, train.toString(), heldOut.toString());
    }

    /**
     * The records of one fortune file, in order: the text between lines holding a single {@code %} (a
     * {@code \r} before the line end is ignored), each line ending in {@code \n}; empty records are dropped.
     *
     * @throws DataFileException when the file is not UTF-8, naming the byte offset
     */
    public static List<String> records(Path file) throws IOException {
        String text = TextCorpus.readUtf8(file);
        List<String> records = new ArrayList<>();
        StringBuilder record = new StringBuilder();
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            int contentEnd = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (contentEnd - pos == 1 && text.charAt(pos) == '%') {
                if (record.length() > 0) {
                    records.add(record.toString());
                    record.setLength(0);
                }
            } else {
                record.append(text, pos, contentEnd).append('\n');
            }
            pos = nl < 0 ? text.length() : nl + 1;
        }
        if (record.length() > 0) {
            records.add(record.toString());
        }
        return records;
    }
}
