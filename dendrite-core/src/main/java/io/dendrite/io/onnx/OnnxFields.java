package io.dendrite.io.onnx;

/**
 * The field numbers of the messages of {@code onnx.proto} (ONNX 1.x, the proto3 file {@code onnx.proto3} has the same
 * numbers) that Dendrite reads and writes, each with its proto field name in the comment. Fields not listed here are
 * skipped when reading and never written.
 */
final class OnnxFields {
    private OnnxFields() {
    }

    /** {@code message ModelProto}. */
    static final class Model {
        static final int IR_VERSION = 1;          // int64 ir_version
        static final int PRODUCER_NAME = 2;       // string producer_name
        static final int PRODUCER_VERSION = 3;    // string producer_version
        static final int DOMAIN = 4;              // string domain
        static final int MODEL_VERSION = 5;       // int64 model_version
        static final int DOC_STRING = 6;          // string doc_string
        static final int GRAPH = 7;               // GraphProto graph
        static final int OPSET_IMPORT = 8;        // repeated OperatorSetIdProto opset_import
        static final int METADATA_PROPS = 14;     // repeated StringStringEntryProto metadata_props
        static final int FUNCTIONS = 25;          // repeated FunctionProto functions

        private Model() {
        }
    }

    /** {@code message OperatorSetIdProto}. */
    static final class OpSet {
        static final int DOMAIN = 1;              // string domain ("" or "ai.onnx" is the default operator set)
        static final int VERSION = 2;             // int64 version

        private OpSet() {
        }
    }

    /** {@code message StringStringEntryProto}. */
    static final class Entry {
        static final int KEY = 1;                 // string key
        static final int VALUE = 2;               // string value

        private Entry() {
        }
    }

    /** {@code message GraphProto}. */
    static final class Graph {
        static final int NODE = 1;                // repeated NodeProto node (topologically sorted)
        static final int NAME = 2;                // string name
        static final int INITIALIZER = 5;         // repeated TensorProto initializer
        static final int DOC_STRING = 10;         // string doc_string
        static final int INPUT = 11;              // repeated ValueInfoProto input
        static final int OUTPUT = 12;             // repeated ValueInfoProto output
        static final int VALUE_INFO = 13;         // repeated ValueInfoProto value_info
        static final int SPARSE_INITIALIZER = 15; // repeated SparseTensorProto sparse_initializer

        private Graph() {
        }
    }

    /** {@code message NodeProto}. */
    static final class Node {
        static final int INPUT = 1;               // repeated string input
        static final int OUTPUT = 2;              // repeated string output
        static final int NAME = 3;                // string name
        static final int OP_TYPE = 4;             // string op_type
        static final int ATTRIBUTE = 5;           // repeated AttributeProto attribute
        static final int DOC_STRING = 6;          // string doc_string
        static final int DOMAIN = 7;              // string domain

        private Node() {
        }
    }

    /** {@code message AttributeProto} and its {@code enum AttributeType}. */
    static final class Attribute {
        static final int NAME = 1;                // string name
        static final int F = 2;                   // float f
        static final int I = 3;                   // int64 i
        static final int S = 4;                   // bytes s
        static final int T = 5;                   // TensorProto t
        static final int G = 6;                   // GraphProto g
        static final int FLOATS = 7;              // repeated float floats
        static final int INTS = 8;                // repeated int64 ints
        static final int STRINGS = 9;             // repeated bytes strings
        static final int DOC_STRING = 13;         // string doc_string
        static final int TYPE = 20;               // AttributeType type
        static final int REF_ATTR_NAME = 21;      // string ref_attr_name

        // enum AttributeType
        static final int TYPE_FLOAT = 1;          // FLOAT
        static final int TYPE_INT = 2;            // INT
        static final int TYPE_STRING = 3;         // STRING
        static final int TYPE_TENSOR = 4;         // TENSOR
        static final int TYPE_GRAPH = 5;          // GRAPH
        static final int TYPE_FLOATS = 6;         // FLOATS
        static final int TYPE_INTS = 7;           // INTS
        static final int TYPE_STRINGS = 8;        // STRINGS

        private Attribute() {
        }
    }

    /** {@code message TensorProto} and its {@code enum DataType}. */
    static final class Tensor {
        static final int DIMS = 1;                // repeated int64 dims
        static final int DATA_TYPE = 2;           // int32 data_type
        static final int SEGMENT = 3;             // Segment segment
        static final int FLOAT_DATA = 4;          // repeated float float_data [packed]
        static final int INT32_DATA = 5;          // repeated int32 int32_data [packed]
        static final int STRING_DATA = 6;         // repeated bytes string_data
        static final int INT64_DATA = 7;          // repeated int64 int64_data [packed]
        static final int NAME = 8;                // string name
        static final int RAW_DATA = 9;            // bytes raw_data (little-endian, row-major)
        static final int DOUBLE_DATA = 10;        // repeated double double_data [packed]
        static final int UINT64_DATA = 11;        // repeated uint64 uint64_data [packed]
        static final int DOC_STRING = 12;         // string doc_string
        static final int EXTERNAL_DATA = 13;      // repeated StringStringEntryProto external_data
        static final int DATA_LOCATION = 14;      // DataLocation data_location (0 DEFAULT, 1 EXTERNAL)

        // enum DataType
        static final int FLOAT = 1;
        static final int INT32 = 6;
        static final int INT64 = 7;
        static final int DOUBLE = 11;

        private Tensor() {
        }
    }

    /** {@code message ValueInfoProto}. */
    static final class ValueInfo {
        static final int NAME = 1;                // string name
        static final int TYPE = 2;                // TypeProto type
        static final int DOC_STRING = 3;          // string doc_string

        private ValueInfo() {
        }
    }

    /** {@code message TypeProto} and {@code message TypeProto.Tensor}. */
    static final class Type {
        static final int TENSOR_TYPE = 1;         // TypeProto.Tensor tensor_type (the oneof value used here)
        static final int ELEM_TYPE = 1;           // TypeProto.Tensor: int32 elem_type (a TensorProto.DataType)
        static final int SHAPE = 2;               // TypeProto.Tensor: TensorShapeProto shape

        private Type() {
        }
    }

    /** {@code message TensorShapeProto} and {@code message TensorShapeProto.Dimension}. */
    static final class Shape {
        static final int DIM = 1;                 // repeated Dimension dim
        static final int DIM_VALUE = 1;           // Dimension: int64 dim_value
        static final int DIM_PARAM = 2;           // Dimension: string dim_param (a symbolic size such as "N")

        private Shape() {
        }
    }
}
