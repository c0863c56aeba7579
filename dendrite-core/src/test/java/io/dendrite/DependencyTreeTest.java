package io.dendrite;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dendrite-core has no compile or runtime dependency: a user who adds it gets Dendrite alone. Checked on the
 * module's POM and on its parent's, whose dependencies every module inherits.
 */
class DependencyTreeTest {
    @Test
    void theCoreAndItsParentDeclareOnlyTestDependencies() throws Exception {
        for (Path pom : new Path[]{Path.of("pom.xml"), Path.of("..", "pom.xml")}) {
            Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                    .getDocumentElement();
            NodeList children = project.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element e && e.getTagName().equals("dependencies")) {
                    NodeList deps = e.getElementsByTagName("dependency");
                    for (int j = 0; j < deps.getLength(); j++) {
                        Element dep = (Element) deps.item(j);
                        NodeList scope = dep.getElementsByTagName("scope");
                        String artifact = dep.getElementsByTagName("artifactId").item(0).getTextContent();
                        assertThat(scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent())
                                .as(pom + ": " + artifact).isEqualTo("test");
                    }
                }
            }
        }
    }
}
