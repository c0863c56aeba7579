/**
 * Sequence data for cs231n's assignment 3 and character-level language models: caption vocabularies
 * ({@code Vocabulary}), captioned images ({@code CaptionData}) from MNIST digits ({@code MnistCaptions}) or from
 * cs231n's COCO features ({@code Cs231nCaptions}), caption metrics ({@code CaptionMetrics}); text corpora
 * ({@code TextCorpus}, Debian's {@code Fortunes}) with character vocabularies ({@code CharVocabulary}), windows for
 * truncated backpropagation through time ({@code CharStreams}), and rows of ids turned into model inputs, targets and
 * masks ({@code Tokens}).
 */
package io.dendrite.data.text;
