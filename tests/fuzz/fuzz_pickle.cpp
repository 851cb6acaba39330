// SPDX-License-Identifier: MIT
// The pickle reader (core/engine/frames/pickle.*) on arbitrary bytes: both entry points, as the frame reader
// calls them on attribute values and string blocks of a file. Never a crash or a hang; a decoded
// object array always holds exactly the items of its shape, so at(i, j) stays in bounds.
#include "frames/pickle.h"
#include "fuzzcheck.h"

using namespace H5Hdfs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);

    auto value = Pickle::parseText(input);
    if (value.ok()) {
        if (value->kind == PickleValue::Kind::Dict)
            FUZZ_CHECK(value->items.size() % 2 == 0);
        (void)value->texts();
        (void)value->value(QStringLiteral("index"));
    } else {
        FUZZ_CHECK(!value.error().message.isEmpty());
    }

    auto array = Pickle::decodeObjectArray(input);
    if (array.ok()) {
        const QList<qint64>& shape = array->shape;
        FUZZ_CHECK(shape.size() <= 2);
        qint64 count = 1;
        for (qint64 d : shape) {
            FUZZ_CHECK(d >= 0);
            count *= d;
        }
        FUZZ_CHECK(count == array->cells.size());
        const qint64 rows = shape.isEmpty() ? 1 : shape[0];
        const qint64 columns = shape.size() < 2 ? 1 : shape[1];
        for (qint64 i = 0; i < rows; ++i) {
            for (qint64 j = 0; j < columns; ++j) {
                const Pickle::ObjectCell& cell = array->at(i, j);
                FUZZ_CHECK(&cell >= array->cells.constData()
                    && &cell < array->cells.constData() + array->cells.size());
            }
        }
    } else {
        FUZZ_CHECK(array.error().code == Error::Code::Unsupported);
    }
    return 0;
}
