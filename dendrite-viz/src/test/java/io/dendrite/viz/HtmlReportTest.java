package io.dendrite.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void embedsImagesAsDataUrisAndNeedsNoOtherFile() throws Exception {
        Path png = Plots.defaults().size(200, 150).lossCurve(new double[] {3, 2, 1}, dir.resolve("loss.png"));
        Path svg = Plots.defaults().size(200, 150).lossCurve(new double[] {3, 2, 1}, dir.resolve("loss.svg"));
        HtmlReport report = HtmlReport.builder("Run 1").image("Loss", png).image("Loss (vector)", svg).build();
        Files.delete(png); // built reports hold the bytes
        Files.delete(svg);
        Path out = report.write(dir.resolve("out/report.html"));
        String html = Files.readString(out, StandardCharsets.UTF_8);

        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertThat(m.find()).as("PNG data URI").isTrue();
        byte[] bytes = Base64.getDecoder().decode(m.group(1));
        assertThat(bytes[1]).isEqualTo((byte) 'P');
        assertThat(html).contains("src=\"data:image/svg+xml;base64,");
        assertThat(html).doesNotContainPattern("(src|href)=\"(?!data:)");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<figcaption>Loss</figcaption>");
    }

    @Test
    void escapesEveryText() {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("<b>key</b>", "<script>alert('x')</script>");
        rows.put("a & b", "\"quoted\"");
        String html = HtmlReport.builder("Report <script>")
                .rows(rows)
                .table("<i>t</i>", List.of("<h>"), List.of(List.of("<script>bad()</script>")))
                .build()
                .toHtml();
        assertThat(html).doesNotContain("<script").doesNotContain("<b>").doesNotContain("<i>").doesNotContain("<h>");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(html).contains("a &amp; b").contains("&quot;quoted&quot;");
        assertThat(html).contains("<title>Report &lt;script&gt;</title>");
    }

    @Test
    void textBlocksKeepTheirLinesAndAreEscaped() {
        String html = HtmlReport.builder("r").preformatted("Samples <t>", "line one\n  <b>indented</b> & more\n").build().toHtml();
        assertThat(html).contains("<figcaption>Samples &lt;t&gt;</figcaption>\n<pre>line one\n  &lt;b&gt;indented&lt;/b&gt;"
                + " &amp; more\n</pre>");
    }

    @Test
    void rowsAndTablesKeepTheirOrderAndFormatNumbers() {
        String html = HtmlReport.builder("r")
                .row("learning rate", 1e-3).row("epochs", 10.0).row("acc", 0.1 + 0.2).row("reg", 1e-5).row("none", null)
                .table("Per class", List.of("class", "recall"), List.of(List.of("cat", 0.5), List.of("dog", 0.75)))
                .build()
                .toHtml();
        assertThat(html).contains("<td>0.001</td>").contains("<td>10</td>").contains("<td>0.3</td>")
                .contains("<td>1.000e-05</td>").contains("<td>null</td>");
        assertThat(html.indexOf("learning rate")).isLessThan(html.indexOf("epochs"));
        assertThat(html).contains("<caption>Per class</caption>").contains("<td>cat</td><td>0.5</td>");
        assertThat(html.indexOf("cat")).isLessThan(html.indexOf("dog"));
    }

    @Test
    void badInputIsRejectedWithClearMessages() throws Exception {
        HtmlReport.Builder b = HtmlReport.builder("r");
        assertThatThrownBy(() -> b.table("t", List.of("a", "b"), List.of(List.of("1"))))
                .hasMessageContaining("table 't': row 0 has 1 cells but there are 2 headers");
        assertThatThrownBy(() -> b.table("t", List.of(), List.of())).hasMessageContaining("no headers");
        assertThatThrownBy(() -> b.image("missing", dir.resolve("nope.png")))
                .hasMessageContaining("nope.png does not exist");
        assertThatThrownBy(() -> b.image("bmp", dir.resolve("x.bmp"))).hasMessageContaining(".png, .svg");
        Path fake = Files.writeString(dir.resolve("fake.png"), "not a png");
        assertThatThrownBy(() -> HtmlReport.builder("r").image("fake", fake).build())
                .hasMessageContaining("not a PNG file");
        assertThatThrownBy(() -> HtmlReport.builder(null)).hasMessageContaining("title must not be null");
    }
}
