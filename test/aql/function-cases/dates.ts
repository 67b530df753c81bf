// Case table for the date functions (src/aql/functions/dates.ts). Expected values come
// from ArangoDB 3.12's date documentation and its tests/js/server/aql/aql-functions-date.js,
// or follow its C++ implementation (noted where that differs from the docs' wording).
import assert from 'node:assert/strict';
import type { FnCase } from '../../helpers/aql.js';
import type { AqlValue } from '../../../src/values/index.js';

const W_TYPE = [1542];
const W_DATE = [1572];
const INTERNAL = 4; // unknown timezone, impossible local time (ArangoDB's tz library throws)

const isoDay = (d: string): string => `${d}T00:00:00.000Z`;

function obj(v: AqlValue): Record<string, AqlValue> {
  assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `object expected: ${JSON.stringify(v)}`);
  return v as Record<string, AqlValue>;
}

export const CASES: FnCase[] = [
  // DATE_NOW: milliseconds, no arguments
  {
    id: 'date-now-1',
    fn: 'DATE_NOW',
    args: [],
    check: (r) => {
      assert.equal(typeof r, 'number');
      assert.ok(Number.isInteger(r) && Math.abs((r as number) - Date.now()) < 5000);
    },
  },
  { id: 'date-now-2', fn: 'DATE_NOW', args: [1], error: 1541 },

  // DATE_ISO8601: one date, or year, month, day[, hour, minute, second, ms]
  { id: 'date-iso-1', fn: 'DATE_ISO8601', args: ['2014-05-07T14:19:09.522Z'], expected: '2014-05-07T14:19:09.522Z' },
  { id: 'date-iso-2', fn: 'DATE_ISO8601', args: ['2014-05-07 14:19:09.522Z'], expected: '2014-05-07T14:19:09.522Z' },
  { id: 'date-iso-3', fn: 'DATE_ISO8601', args: [2014, 5, 7, 14, 19, 9, 522], expected: '2014-05-07T14:19:09.522Z' },
  { id: 'date-iso-4', fn: 'DATE_ISO8601', args: [1399472349522], expected: '2014-05-07T14:19:09.522Z' },
  { id: 'date-iso-5', fn: 'DATE_ISO8601', args: ['1970-01-01T01:05:27+01:00'], expected: '1970-01-01T00:05:27.000Z' },
  { id: 'date-iso-6', fn: 'DATE_ISO8601', args: ['1970-01-01T01:05:27-01:00'], expected: '1970-01-01T02:05:27.000Z' },
  { id: 'date-iso-7', fn: 'DATE_ISO8601', args: ['2012-02-12 23:59:59.9995454563666664'], expected: '2012-02-12T23:59:59.999Z' },
  { id: 'date-iso-8', fn: 'DATE_ISO8601', args: ['2012-2-12Z'], expected: isoDay('2012-02-12') },
  { id: 'date-iso-9', fn: 'DATE_ISO8601', args: ['2012'], expected: isoDay('2012-01-01') },
  { id: 'date-iso-10', fn: 'DATE_ISO8601', args: ['  2012-01-01z  '], expected: isoDay('2012-01-01') },
  { id: 'date-iso-11', fn: 'DATE_ISO8601', args: ['2001-02-11 24:01:01'], expected: null, warnings: W_DATE },
  { id: 'date-iso-12', fn: 'DATE_ISO8601', args: ['2001-13-11'], expected: null, warnings: W_DATE },
  { id: 'date-iso-13', fn: 'DATE_ISO8601', args: ['foobar'], expected: null, warnings: W_DATE },
  { id: 'date-iso-14', fn: 'DATE_ISO8601', args: [''], expected: null, warnings: W_DATE },
  { id: 'date-iso-15', fn: 'DATE_ISO8601', args: [null], expected: null, warnings: W_TYPE },
  { id: 'date-iso-16', fn: 'DATE_ISO8601', args: [true], expected: null, warnings: W_TYPE },
  { id: 'date-iso-17', fn: 'DATE_ISO8601', args: [253402300800000], expected: null, warnings: W_DATE },
  { id: 'date-iso-18', fn: 'DATE_ISO8601', args: [-62167219200000], expected: '0000-01-01T00:00:00.000Z' },
  { id: 'date-iso-19', fn: 'DATE_ISO8601', args: [1, -1, 1], expected: null, warnings: W_DATE },
  { id: 'date-iso-20', fn: 'DATE_ISO8601', args: [2014, 5], expected: null, warnings: W_TYPE },
  { id: 'date-iso-21', fn: 'DATE_ISO8601', args: [10000, 1, 1], expected: null, warnings: W_DATE },
  { id: 'date-iso-22', fn: 'DATE_ISO8601', args: ['1000', '01', '01', '00', '00', '00', '00'], expected: isoDay('1000-01-01') },
  { id: 'date-iso-23', fn: 'DATE_ISO8601', args: [2016, 2, 32], expected: isoDay('2016-03-03') },
  { id: 'date-iso-24', fn: 'DATE_ISO8601', args: [2014, 5, 7, 12, 6, 0, 1500], expected: '2014-05-07T12:06:00.999Z' },
  { id: 'date-iso-25', fn: 'DATE_ISO8601', args: [2014, null, 7], expected: null, warnings: W_TYPE },
  { id: 'date-iso-26', fn: 'DATE_ISO8601', args: ['2012-02-31'], expected: isoDay('2012-03-02') },
  { id: 'date-iso-27', fn: 'DATE_ISO8601', args: ['+2012-01-01'], expected: isoDay('2012-01-01') },
  { id: 'date-iso-28', fn: 'DATE_ISO8601', args: ['-2012-01-01'], expected: null, warnings: W_DATE },
  { id: 'date-iso-29', fn: 'DATE_ISO8601', args: ['9999-12-31T23:59:59+01:00'], expected: '9999-12-31T22:59:59.000Z' },
  { id: 'date-iso-30', fn: 'DATE_ISO8601', args: ['0000-01-01T00:00:00+01:00'], expected: null, warnings: W_DATE },
  { id: 'date-iso-31', fn: 'DATE_ISO8601', args: [], error: 1541 },
  { id: 'date-iso-32', fn: 'DATE_ISO8601', args: [1, 1, 1, 1, 1, 1, 1, 1], error: 1541 },
  // seconds are optional, minutes are not; only an upper-case T separates the time
  { id: 'date-iso-33', fn: 'DATE_ISO8601', args: ['2012-01-01T10:00'], expected: '2012-01-01T10:00:00.000Z' },
  { id: 'date-iso-34', fn: 'DATE_ISO8601', args: ['2012-01-01T10'], expected: null, warnings: W_DATE },
  { id: 'date-iso-35', fn: 'DATE_ISO8601', args: ['2012-01-01t10:00:00'], expected: null, warnings: W_DATE },
  { id: 'date-iso-36', fn: 'DATE_ISO8601', args: ['2012-01-01T10:00:00+0100'], expected: null, warnings: W_DATE },
  { id: 'date-iso-37', fn: 'DATE_ISO8601', args: ['00002012-01-01'], expected: isoDay('2012-01-01') },
  { id: 'date-iso-38', fn: 'DATE_ISO8601', args: [1.9], expected: '1970-01-01T00:00:00.001Z' },
  // ArangoDB signs only the hours of an offset: "-0:30" is half an hour ahead of UTC
  { id: 'date-iso-39', fn: 'DATE_ISO8601', args: ['2012-02-12 23:59:59.991-0:30'], expected: '2012-02-12T23:29:59.991Z' },
  { id: 'date-iso-40', fn: 'DATE_ISO8601', args: ['2012-01-01T10:00:00.5'], expected: '2012-01-01T10:00:00.500Z' },
  { id: 'date-iso-41', fn: 'DATE_ISO8601', args: ['2001-02-11 23:01:38.'], expected: null, warnings: W_DATE },

  // DATE_TIMESTAMP
  { id: 'date-ts-1', fn: 'DATE_TIMESTAMP', args: ['2014-05-07T14:19:09.522'], expected: 1399472349522 },
  { id: 'date-ts-2', fn: 'DATE_TIMESTAMP', args: [2014, 5, 7, 14, 19, 9, 522], expected: 1399472349522 },
  { id: 'date-ts-3', fn: 'DATE_TIMESTAMP', args: [2016, 2, 32], expected: 1456963200000 },
  { id: 'date-ts-4', fn: 'DATE_TIMESTAMP', args: [1970, 1, 1, 26], expected: 93600000 },
  { id: 'date-ts-5', fn: 'DATE_TIMESTAMP', args: [2016, 12, -1], expected: null, warnings: W_DATE },
  { id: 'date-ts-6', fn: 'DATE_TIMESTAMP', args: ['1970', '1', '1'], expected: 0 },
  { id: 'date-ts-7', fn: 'DATE_TIMESTAMP', args: [1399395674000], expected: 1399395674000 },
  { id: 'date-ts-8', fn: 'DATE_TIMESTAMP', args: ['1221-02-28T23:59:59Z'], expected: -23631004801000 },
  { id: 'date-ts-9', fn: 'DATE_TIMESTAMP', args: ['9999-12-31T23:59:59.999Z'], expected: 253402300799999 },
  { id: 'date-ts-10', fn: 'DATE_TIMESTAMP', args: [1.9], expected: 1 },
  { id: 'date-ts-11', fn: 'DATE_TIMESTAMP', args: [-1, 1, 1], expected: null, warnings: W_DATE },
  // month 13 is January of the next year, month 0 December and day 0 the last of the month before
  { id: 'date-ts-12', fn: 'DATE_TIMESTAMP', args: [2012, 13, 1], expected: 1356998400000 },
  { id: 'date-ts-13', fn: 'DATE_TIMESTAMP', args: [2012, 0, 1], expected: 1322697600000 },
  { id: 'date-ts-14', fn: 'DATE_TIMESTAMP', args: [2012, 1, 0], expected: 1325289600000 },
  // string components are read like C's strtoll: a leading integer, else 0
  { id: 'date-ts-15', fn: 'DATE_TIMESTAMP', args: ['2012abc', '1', '1'], expected: 1325376000000 },
  { id: 'date-ts-16', fn: 'DATE_TIMESTAMP', args: ['x', '1', '1'], expected: -62167219200000 },
  { id: 'date-ts-17', fn: 'DATE_TIMESTAMP', args: [{}, 1, 1], expected: null, warnings: W_TYPE },
  { id: 'date-ts-18', fn: 'DATE_TIMESTAMP', args: ['2015-02-31'], expected: 1425340800000 },
  { id: 'date-ts-19', fn: 'DATE_TIMESTAMP', args: [[]], expected: null, warnings: W_TYPE },
  { id: 'date-ts-20', fn: 'DATE_TIMESTAMP', args: [1, 1, 1, 1, 1, 1, -1], expected: null, warnings: W_DATE },

  // IS_DATESTRING: strings the date functions accept, even impossible days
  { id: 'date-isds-1', fn: 'IS_DATESTRING', args: ['2015-02-31'], expected: true },
  { id: 'date-isds-2', fn: 'IS_DATESTRING', args: ['2015'], expected: true },
  { id: 'date-isds-3', fn: 'IS_DATESTRING', args: ['2015-10'], expected: true },
  { id: 'date-isds-4', fn: 'IS_DATESTRING', args: ['2012-02-12 23:59:59.991+08:30'], expected: true },
  { id: 'date-isds-5', fn: 'IS_DATESTRING', args: ['2012-02-12 23:59:59.991-1:30'], expected: true },
  { id: 'date-isds-6', fn: 'IS_DATESTRING', args: ['  2012-12-31z   '], expected: true },
  { id: 'date-isds-7', fn: 'IS_DATESTRING', args: ['9999-12-31T23:59:59.999-01:00'], expected: false },
  { id: 'date-isds-8', fn: 'IS_DATESTRING', args: ['9999-12-31T22:59:59.999-1:00'], expected: true },
  { id: 'date-isds-9', fn: 'IS_DATESTRING', args: ['2012-01-01foo'], expected: false },
  { id: 'date-isds-10', fn: 'IS_DATESTRING', args: ['2015-foobar'], expected: false },
  { id: 'date-isds-11', fn: 'IS_DATESTRING', args: [''], expected: false },
  { id: 'date-isds-12', fn: 'IS_DATESTRING', args: [1399395674000], expected: false },
  { id: 'date-isds-13', fn: 'IS_DATESTRING', args: [null], expected: false },
  { id: 'date-isds-14', fn: 'IS_DATESTRING', args: [['2015-01-23']], expected: false },
  { id: 'date-isds-15', fn: 'IS_DATESTRING', args: [{}], expected: false },
  { id: 'date-isds-16', fn: 'IS_DATESTRING', args: ['10000-01-01'], expected: false },
  { id: 'date-isds-17', fn: 'IS_DATESTRING', args: ['2012-02-12T13:24:12Z'], expected: true },
  { id: 'date-isds-18', fn: 'IS_DATESTRING', args: ['foo', 'bar'], error: 1541 },

  // DATE_DAYOFWEEK: 0 = Sunday
  { id: 'date-dow-1', fn: 'DATE_DAYOFWEEK', args: ['2020-08-29'], expected: 6 },
  { id: 'date-dow-2', fn: 'DATE_DAYOFWEEK', args: [0], expected: 4 },
  { id: 'date-dow-3', fn: 'DATE_DAYOFWEEK', args: ['2023-03-25T23:00:00.000Z', 'Europe/Berlin'], expected: 0 },
  { id: 'date-dow-4', fn: 'DATE_DAYOFWEEK', args: ['1000-12-24Z'], expected: 3 },
  { id: 'date-dow-5', fn: 'DATE_DAYOFWEEK', args: [null], expected: null, warnings: W_TYPE },
  { id: 'date-dow-6', fn: 'DATE_DAYOFWEEK', args: [[]], expected: null, warnings: W_TYPE },
  { id: 'date-dow-7', fn: 'DATE_DAYOFWEEK', args: ['foo'], expected: null, warnings: W_DATE },
  { id: 'date-dow-8', fn: 'DATE_DAYOFWEEK', args: [1, 1], expected: null, warnings: W_TYPE },
  { id: 'date-dow-9', fn: 'DATE_DAYOFWEEK', args: [1, 'Mars/Olympus_Mons'], error: INTERNAL },
  // zone names are case-sensitive, as in the tz database
  { id: 'date-dow-10', fn: 'DATE_DAYOFWEEK', args: [1, 'europe/berlin'], error: INTERNAL },
  { id: 'date-dow-11', fn: 'DATE_DAYOFWEEK', args: [1, 'UTC', 'x'], error: 1541 },

  // DATE_YEAR, DATE_MONTH, DATE_DAY
  { id: 'date-year-1', fn: 'DATE_YEAR', args: ['2020-08-29'], expected: 2020 },
  { id: 'date-year-2', fn: 'DATE_YEAR', args: [0], expected: 1970 },
  { id: 'date-year-3', fn: 'DATE_YEAR', args: ['2023-12-31T23:00:00.000Z', 'Europe/Berlin'], expected: 2024 },
  { id: 'date-year-4', fn: 'DATE_YEAR', args: [1399395674000], expected: 2014 },
  { id: 'date-year-5', fn: 'DATE_YEAR', args: [false], expected: null, warnings: W_TYPE },
  { id: 'date-year-6', fn: 'DATE_YEAR', args: [-62167219200001], expected: null, warnings: W_DATE },
  { id: 'date-year-7', fn: 'DATE_YEAR', args: ['0000-01-01T00:00:00Z', 'America/New_York'], expected: -1 },
  { id: 'date-year-8', fn: 'DATE_YEAR', args: ['2023-06-01', 'UTC'], expected: 2023 },
  { id: 'date-month-1', fn: 'DATE_MONTH', args: ['2020-08-29'], expected: 8 },
  { id: 'date-month-2', fn: 'DATE_MONTH', args: ['2023-12-31T23:00:00.000Z', 'Europe/Berlin'], expected: 1 },
  { id: 'date-month-3', fn: 'DATE_MONTH', args: ['2012-2Z'], expected: 2 },
  { id: 'date-month-4', fn: 'DATE_MONTH', args: [{}], expected: null, warnings: W_TYPE },
  { id: 'date-day-1', fn: 'DATE_DAY', args: ['2020-08-29'], expected: 29 },
  { id: 'date-day-2', fn: 'DATE_DAY', args: ['2023-12-31T23:00:00.000Z', 'Europe/Berlin'], expected: 1 },
  { id: 'date-day-3', fn: 'DATE_DAY', args: [0], expected: 1 },
  { id: 'date-day-4', fn: 'DATE_DAY', args: ['2012-1-'], expected: null, warnings: W_DATE },

  // DATE_HOUR, DATE_MINUTE, DATE_SECOND, DATE_MILLISECOND
  { id: 'date-hour-1', fn: 'DATE_HOUR', args: ['2020-08-29T16:30:05.123'], expected: 16 },
  { id: 'date-hour-2', fn: 'DATE_HOUR', args: [2 * 60 * 60 * 1000], expected: 2 },
  { id: 'date-hour-3', fn: 'DATE_HOUR', args: ['1970-01-01T02:00:00'], expected: 2 },
  { id: 'date-hour-4', fn: 'DATE_HOUR', args: ['2023-12-31T23:00:00.000Z', 'Europe/Berlin'], expected: 0 },
  { id: 'date-hour-5', fn: 'DATE_HOUR', args: ['2015-12-18T23:00:00-06:00'], expected: 5 },
  { id: 'date-minute-1', fn: 'DATE_MINUTE', args: ['2020-08-29T16:30:05.123'], expected: 30 },
  { id: 'date-minute-2', fn: 'DATE_MINUTE', args: [2520000], expected: 42 },
  { id: 'date-minute-3', fn: 'DATE_MINUTE', args: ['2023-12-31T23:00:00.000Z', 'Asia/Kathmandu'], expected: 45 },
  { id: 'date-second-1', fn: 'DATE_SECOND', args: ['2020-08-29T16:30:05.123'], expected: 5 },
  { id: 'date-second-2', fn: 'DATE_SECOND', args: [1234567890], expected: 7 },
  { id: 'date-second-3', fn: 'DATE_SECOND', args: [1, 'UTC'], error: 1541 },
  { id: 'date-second-4', fn: 'DATE_SECOND', args: ['x'], expected: null, warnings: W_DATE },
  { id: 'date-ms-1', fn: 'DATE_MILLISECOND', args: ['2020-08-29T16:30:05.123'], expected: 123 },
  { id: 'date-ms-2', fn: 'DATE_MILLISECOND', args: [1234567890], expected: 890 },
  { id: 'date-ms-3', fn: 'DATE_MILLISECOND', args: [-1], expected: 999 },

  // DATE_DAYOFYEAR, DATE_ISOWEEK, DATE_ISOWEEKYEAR
  { id: 'date-doy-1', fn: 'DATE_DAYOFYEAR', args: ['2020-08-29'], expected: 242 },
  { id: 'date-doy-2', fn: 'DATE_DAYOFYEAR', args: [86400000], expected: 2 },
  { id: 'date-doy-3', fn: 'DATE_DAYOFYEAR', args: ['2023-12-31T23:00:00.000Z', 'Europe/Berlin'], expected: 1 },
  { id: 'date-doy-4', fn: 'DATE_DAYOFYEAR', args: ['3456-12-31Z'], expected: 366 },
  { id: 'date-doy-5', fn: 'DATE_DAYOFYEAR', args: ['1000-12-24Z'], expected: 358 },
  { id: 'date-isowk-1', fn: 'DATE_ISOWEEK', args: ['2020-08-29'], expected: 35 },
  { id: 'date-isowk-2', fn: 'DATE_ISOWEEK', args: [1234567890], expected: 3 },
  { id: 'date-isowk-3', fn: 'DATE_ISOWEEK', args: ['2016-01-01'], expected: 53 },
  { id: 'date-isowk-4', fn: 'DATE_ISOWEEK', args: ['2012-12-31'], expected: 1 },
  { id: 'date-isowk-5', fn: 'DATE_ISOWEEK', args: ['2023-12-31T23:00:00.000Z', 'Europe/Berlin'], expected: 1 },
  { id: 'date-isowk-6', fn: 'DATE_ISOWEEK', args: [true], expected: null, warnings: W_TYPE },
  { id: 'date-isowy-1', fn: 'DATE_ISOWEEKYEAR', args: ['2023-01-01'], expected: { week: 52, year: 2022 } },
  { id: 'date-isowy-2', fn: 'DATE_ISOWEEKYEAR', args: ['2019-12-30'], expected: { week: 1, year: 2020 } },
  { id: 'date-isowy-3', fn: 'DATE_ISOWEEKYEAR', args: ['2022-12-31T23:30:00Z', 'Europe/Berlin'], expected: { week: 52, year: 2022 } },
  { id: 'date-isowy-4', fn: 'DATE_ISOWEEKYEAR', args: ['2021-01-03'], expected: { week: 53, year: 2020 } },
  { id: 'date-isowy-5', fn: 'DATE_ISOWEEKYEAR', args: ['nope'], expected: null, warnings: W_DATE },

  // DATE_LEAPYEAR, DATE_QUARTER, DATE_DAYS_IN_MONTH
  { id: 'date-leap-1', fn: 'DATE_LEAPYEAR', args: ['2020-01-01'], expected: true },
  { id: 'date-leap-2', fn: 'DATE_LEAPYEAR', args: ['2021-01-01'], expected: false },
  { id: 'date-leap-3', fn: 'DATE_LEAPYEAR', args: ['2016-12-31T23:00:00.000Z', 'Europe/Berlin'], expected: false },
  { id: 'date-leap-4', fn: 'DATE_LEAPYEAR', args: ['2100-12-31'], expected: false },
  { id: 'date-leap-5', fn: 'DATE_LEAPYEAR', args: ['2400-12-31'], expected: true },
  { id: 'date-qtr-1', fn: 'DATE_QUARTER', args: ['2020-08-29'], expected: 3 },
  { id: 'date-qtr-2', fn: 'DATE_QUARTER', args: ['2023-12-31T23:00:00.000Z', 'Europe/Berlin'], expected: 1 },
  { id: 'date-qtr-3', fn: 'DATE_QUARTER', args: ['2017-09-11'], expected: 3 },
  { id: 'date-qtr-4', fn: 'DATE_QUARTER', args: ['2000-12-31'], expected: 4 },
  { id: 'date-dim-1', fn: 'DATE_DAYS_IN_MONTH', args: ['2020-08-01'], expected: 31 },
  { id: 'date-dim-2', fn: 'DATE_DAYS_IN_MONTH', args: ['2020-09-01'], expected: 30 },
  { id: 'date-dim-3', fn: 'DATE_DAYS_IN_MONTH', args: ['2020-02-01'], expected: 29 },
  { id: 'date-dim-4', fn: 'DATE_DAYS_IN_MONTH', args: ['2021-02-01'], expected: 28 },
  { id: 'date-dim-5', fn: 'DATE_DAYS_IN_MONTH', args: [3045600000], expected: 28 },
  { id: 'date-dim-6', fn: 'DATE_DAYS_IN_MONTH', args: ['2023-11-30T23:00:00.000Z', 'Europe/Berlin'], expected: 31 },
  { id: 'date-dim-7', fn: 'DATE_DAYS_IN_MONTH', args: ['1900-02-10'], expected: 28 },

  // DATE_TRUNC: units are case-insensitive; with a timezone the local date is truncated
  { id: 'date-trunc-1', fn: 'DATE_TRUNC', args: ['2017-02-03', 'month'], expected: isoDay('2017-02-01') },
  { id: 'date-trunc-2', fn: 'DATE_TRUNC', args: ['2017-02-03 04:05:06', 'hours'], expected: '2017-02-03T04:00:00.000Z' },
  { id: 'date-trunc-3', fn: 'DATE_TRUNC', args: ['2023-03-25 23:00:00', 'day'], expected: isoDay('2023-03-25') },
  { id: 'date-trunc-4', fn: 'DATE_TRUNC', args: ['2023-03-25 23:00:00', 'day', 'Europe/Berlin'], expected: '2023-03-25T23:00:00.000Z' },
  { id: 'date-trunc-5', fn: 'DATE_TRUNC', args: ['2000-04-29 12:34:56.789', 's'], expected: '2000-04-29T12:34:56.000Z' },
  { id: 'date-trunc-6', fn: 'DATE_TRUNC', args: ['2000-04-29 12:34:56.789', 'YEARS'], expected: isoDay('2000-01-01') },
  { id: 'date-trunc-7', fn: 'DATE_TRUNC', args: ['2000-04-29 12:34:56.789', 'i'], expected: '2000-04-29T12:34:00.000Z' },
  { id: 'date-trunc-8', fn: 'DATE_TRUNC', args: ['2000-04-29 12:34:56.789', 'f'], expected: '2000-04-29T12:34:56.789Z' },
  { id: 'date-trunc-9', fn: 'DATE_TRUNC', args: [0, 'sugar'], expected: null, warnings: W_DATE },
  { id: 'date-trunc-10', fn: 'DATE_TRUNC', args: [0, 'w'], expected: null, warnings: W_DATE },
  { id: 'date-trunc-11', fn: 'DATE_TRUNC', args: [1, 1], expected: null, warnings: W_TYPE },
  { id: 'date-trunc-12', fn: 'DATE_TRUNC', args: [null, 'y'], expected: null, warnings: W_TYPE },
  { id: 'date-trunc-13', fn: 'DATE_TRUNC', args: [1, 'y', 1], expected: null, warnings: W_TYPE },

  // DATE_ROUND: units are case-sensitive here; amount must be a positive number
  { id: 'date-round-1', fn: 'DATE_ROUND', args: ['2000-04-28T11:11:11.111Z', 1, 'day'], expected: isoDay('2000-04-28') },
  { id: 'date-round-2', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29Z', 15, 'minutes'], expected: '2000-04-10T11:30:00.000Z' },
  { id: 'date-round-3', fn: 'DATE_ROUND', args: ['2023-03-25T23:55:55.555Z', 1, 'day'], expected: isoDay('2023-03-25') },
  { id: 'date-round-4', fn: 'DATE_ROUND', args: ['2023-03-25T23:55:55.555Z', 1, 'day', 'Europe/Berlin'], expected: '2023-03-25T23:00:00.000Z' },
  { id: 'date-round-5', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29Z', 15, 'hour'], expected: '2000-04-09T21:00:00.000Z' },
  { id: 'date-round-6', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29.123Z', 15, 'millisecond'], expected: '2000-04-10T11:39:29.115Z' },
  { id: 'date-round-7', fn: 'DATE_ROUND', args: ['2000-04-01Z', 10, 'day'], expected: isoDay('2000-03-24') },
  { id: 'date-round-8', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29.123Z', 0, 'day'], expected: null, warnings: W_TYPE },
  { id: 'date-round-9', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29.123Z', -1, 'day'], expected: null, warnings: W_TYPE },
  { id: 'date-round-10', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29.123Z', 'foobar', 'day'], expected: null, warnings: W_TYPE },
  { id: 'date-round-11', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29.123Z', 15, 'pork'], expected: null, warnings: W_TYPE },
  { id: 'date-round-12', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29.123Z', 1, 'Day'], expected: null, warnings: W_TYPE },
  { id: 'date-round-13', fn: 'DATE_ROUND', args: ['foobar', 15, 'day'], expected: null, warnings: W_DATE },
  // integer division truncates towards zero, so instants before 1970 round up
  { id: 'date-round-14', fn: 'DATE_ROUND', args: ['1969-12-31T23:59:59.500Z', 1, 'second'], expected: '1970-01-01T00:00:00.000Z' },
  { id: 'date-round-15', fn: 'DATE_ROUND', args: ['2000-04-10T11:39:29.123Z', 1, 'd', 'UTC', 'x'], error: 1541 },

  // DATE_FORMAT: placeholders are case-sensitive; the first matching one wins
  { id: 'date-fmt-1', fn: 'DATE_FORMAT', args: ['2015-08-01', '%q/%yyyy'], expected: '3/2015' },
  { id: 'date-fmt-2', fn: 'DATE_FORMAT', args: ['2015-09-18T15:30:49.374Z', '%dd.%mm.%yyyy %hh:%ii:%ss,%fff'], expected: '18.09.2015 15:30:49,374' },
  { id: 'date-fmt-3', fn: 'DATE_FORMAT', args: ['1969', "Summer of '%yy"], expected: "Summer of '69" },
  { id: 'date-fmt-4', fn: 'DATE_FORMAT', args: ['2016', '%%l = %l'], expected: '%l = 1' },
  // the docs print "063" here, but March 1st of a leap year is day 61
  { id: 'date-fmt-5', fn: 'DATE_FORMAT', args: ['2016-03-01', '%xxx%'], expected: '061' },
  { id: 'date-fmt-6', fn: 'DATE_FORMAT', args: ['7200-04-29', '%y|%yyyy|%yy|%yyyyyy|%mm|%dd'], expected: '7200|7200|00|+007200|04|29' },
  { id: 'date-fmt-7', fn: 'DATE_FORMAT', args: ['200-04-29', '%y|%yyyy|%yy|%yyyyyy'], expected: '200|0200|00|+000200' },
  { id: 'date-fmt-8', fn: 'DATE_FORMAT', args: ['2-12-29', '%y|%yyyy|%yy|%yyyyyy|%mm|%dd'], expected: '2|0002|02|+000002|12|29' },
  // ArangoDB's %yyyy pads the years 9, 99 and 999 to three characters only
  { id: 'date-fmt-9', fn: 'DATE_FORMAT', args: ['9-01-01', '%yyyy %yyyyyy'], expected: '009 +000009' },
  { id: 'date-fmt-10', fn: 'DATE_FORMAT', args: ['2012-01-01T17:17:17.177Z', '%hh %ii %ss %fff %xxx %kk'], expected: '17 17 17 177 001 52' },
  { id: 'date-fmt-11', fn: 'DATE_FORMAT', args: ['2012-12-31T09:09:09.001Z', '%h %i %s %f %x %k'], expected: '9 9 9 1 366 1' },
  { id: 'date-fmt-12', fn: 'DATE_FORMAT', args: ['2012-05-03', '%mmm %mmmm %www %wwww %w'], expected: 'May May Thu Thursday 4' },
  { id: 'date-fmt-13', fn: 'DATE_FORMAT', args: ['2012-09-03', '%mmm %mmmm %www %wwww'], expected: 'Sep September Mon Monday' },
  { id: 'date-fmt-14', fn: 'DATE_FORMAT', args: ['2012-01-01', '%& - %% % '], expected: ' - %  ' },
  { id: 'date-fmt-15', fn: 'DATE_FORMAT', args: ['2012-05-03', '%mmonth %m%&month %Y'], expected: '05onth 5month Y' },
  { id: 'date-fmt-16', fn: 'DATE_FORMAT', args: ['2014-05-07T14:19:09.522Z', '%t'], expected: '1399472349522' },
  { id: 'date-fmt-17', fn: 'DATE_FORMAT', args: ['6789-12-31T23:59:58.990Z', '%z'], expected: '6789-12-31T23:59:58.990Z' },
  { id: 'date-fmt-18', fn: 'DATE_FORMAT', args: ['2023-11-30', '%a %l %q %d'], expected: '30 0 4 30' },
  { id: 'date-fmt-19', fn: 'DATE_FORMAT', args: ['2023-12-31T23:00:00.000Z', '%yyyy-%mm-%dd %hh:%ii', 'Europe/Berlin'], expected: '2024-01-01 00:00' },
  { id: 'date-fmt-20', fn: 'DATE_FORMAT', args: ['2023-12-31T23:00:00.000Z', '%i', 'Asia/Kathmandu'], expected: '45' },
  { id: 'date-fmt-21', fn: 'DATE_FORMAT', args: ['0000-01-01T00:00:00Z', '%y %yyyy %yyyyyy %yy', 'America/New_York'], expected: '-1 -0001 -000001 01' },
  { id: 'date-fmt-22', fn: 'DATE_FORMAT', args: [{}, {}], expected: null, warnings: W_TYPE },
  { id: 'date-fmt-23', fn: 'DATE_FORMAT', args: ['2012', 1], expected: null, warnings: W_TYPE },
  { id: 'date-fmt-24', fn: 'DATE_FORMAT', args: ['x', '%y'], expected: null, warnings: W_DATE },
  { id: 'date-fmt-25', fn: 'DATE_FORMAT', args: [1, '%y', 1], expected: null, warnings: W_TYPE },
  { id: 'date-fmt-26', fn: 'DATE_FORMAT', args: ['2012-01-01', ''], expected: '' },
  { id: 'date-fmt-27', fn: 'DATE_FORMAT', args: ['2012-01-01', 'äöü %yyyy ✓'], expected: 'äöü 2012 ✓' },

  // DATE_ADD: whole months move the calendar date and overflow past the month's end
  { id: 'date-add-1', fn: 'DATE_ADD', args: ['2023-01-31', 1, 'month'], expected: isoDay('2023-03-03') },
  { id: 'date-add-2', fn: 'DATE_ADD', args: ['2016-01-31', 1, 'month'], expected: isoDay('2016-03-02') },
  { id: 'date-add-3', fn: 'DATE_ADD', args: ['2000-04-29', 2, 'days'], expected: isoDay('2000-05-01') },
  { id: 'date-add-4', fn: 'DATE_ADD', args: ['2000-04-29Z', 'P2D'], expected: isoDay('2000-05-01') },
  { id: 'date-add-5', fn: 'DATE_ADD', args: ['2100-12-31', 'P3M'], expected: isoDay('2101-03-31') },
  { id: 'date-add-6', fn: 'DATE_ADD', args: ['2100-12-31Z', -3, 'm'], expected: isoDay('2100-10-01') },
  { id: 'date-add-7', fn: 'DATE_ADD', args: ['2012-02-12 23:59:59.991', 9, 'f'], expected: isoDay('2012-02-13') },
  { id: 'date-add-8', fn: 'DATE_ADD', args: ['2012-02-12 23:59:59.991Z', 'PT0.009S'], expected: isoDay('2012-02-13') },
  { id: 'date-add-9', fn: 'DATE_ADD', args: ['2016-02-29', 1, 'year'], expected: isoDay('2017-03-01') },
  { id: 'date-add-10', fn: 'DATE_ADD', args: ['2016-02-22Z', 1, 'week'], expected: isoDay('2016-02-29') },
  { id: 'date-add-11', fn: 'DATE_ADD', args: ['2000-01-01', 'P1Y2M3W4DT5H6M7.89S'], expected: '2001-03-26T05:06:07.890Z' },
  { id: 'date-add-12', fn: 'DATE_ADD', args: ['2000-01-01', 'PT30M44.4S'], expected: '2000-01-01T00:30:44.400Z' },
  { id: 'date-add-13', fn: 'DATE_ADD', args: ['2000-01-01', 'PT0,5S'], expected: '2000-01-01T00:00:00.500Z' },
  { id: 'date-add-14', fn: 'DATE_ADD', args: ['2015-04-01', 12 * 5 + 1, 'months'], expected: isoDay('2020-05-01') },
  { id: 'date-add-15', fn: 'DATE_ADD', args: ['2012-02-12T13:24:12Z', 8, 'Y'], expected: '2020-02-12T13:24:12.000Z' },
  // fractions: a year's rest becomes months, a month's rest 30-day days
  { id: 'date-add-16', fn: 'DATE_ADD', args: [1, 1.5, 'years'], expected: '1971-07-01T00:00:00.001Z' },
  { id: 'date-add-17', fn: 'DATE_ADD', args: [0, 0.5, 'months'], expected: isoDay('1970-01-16') },
  { id: 'date-add-18', fn: 'DATE_ADD', args: [1399395674000, 365, 'days'], expected: '2015-05-06T17:01:14.000Z' },
  { id: 'date-add-19', fn: 'DATE_ADD', args: ['2023-03-25T23:00:00.000Z', 1, 'day'], expected: '2023-03-26T23:00:00.000Z' },
  // Berlin switches to summer time: the local day only has 23 hours
  { id: 'date-add-20', fn: 'DATE_ADD', args: ['2023-03-25T23:00:00.000Z', 1, 'day', 'Europe/Berlin'], expected: '2023-03-26T22:00:00.000Z' },
  { id: 'date-add-21', fn: 'DATE_ADD', args: ['2023-03-25T23:00:00.000Z', 'P1D', 'Europe/Berlin'], expected: '2023-03-26T22:00:00.000Z' },
  { id: 'date-add-22', fn: 'DATE_ADD', args: ['2023-03-25T01:30:00Z', 1, 'day', 'Europe/Berlin'], error: INTERNAL },
  { id: 'date-add-23', fn: 'DATE_ADD', args: [1, 1], expected: null, warnings: W_TYPE },
  { id: 'date-add-24', fn: 'DATE_ADD', args: [1, 1, 1], expected: null, warnings: W_TYPE },
  { id: 'date-add-25', fn: 'DATE_ADD', args: [1, 'P1Y', 1], expected: null, warnings: W_TYPE },
  { id: 'date-add-26', fn: 'DATE_ADD', args: [null, 1, 'year'], expected: null, warnings: W_TYPE },
  { id: 'date-add-27', fn: 'DATE_ADD', args: [0, 1, 'sugar'], expected: null, warnings: W_DATE },
  { id: 'date-add-28', fn: 'DATE_ADD', args: [0, 1, ''], expected: null, warnings: W_DATE },
  // 3.12: a string second argument makes the third a timezone ("year" is none)
  { id: 'date-add-29', fn: 'DATE_ADD', args: [0, '1', 'year'], error: INTERNAL },
  { id: 'date-add-30', fn: 'DATE_ADD', args: [0, 'P1X'], expected: null, warnings: W_DATE },
  { id: 'date-add-31', fn: 'DATE_ADD', args: [0, 'P'], expected: null, warnings: W_DATE },
  { id: 'date-add-32', fn: 'DATE_ADD', args: [0, 'PT'], expected: isoDay('1970-01-01') },
  { id: 'date-add-33', fn: 'DATE_ADD', args: ['9999-12-31T23:59:59', 1, 'second'], expected: null, warnings: W_DATE },
  { id: 'date-add-34', fn: 'DATE_ADD', args: ['0000-01-01T00:00:00', 9999, 'year'], expected: isoDay('9999-01-01') },
  { id: 'date-add-35', fn: 'DATE_ADD', args: [0, -1, 'h'], expected: '1969-12-31T23:00:00.000Z' },
  { id: 'date-add-36', fn: 'DATE_ADD', args: [0, 1, 'd', 'UTC', 'x'], error: 1541 },

  // DATE_SUBTRACT
  { id: 'date-sub-1', fn: 'DATE_SUBTRACT', args: ['2000-05-01', 2, 'days'], expected: isoDay('2000-04-29') },
  { id: 'date-sub-2', fn: 'DATE_SUBTRACT', args: ['2101-03-31', 'P3M'], expected: isoDay('2100-12-31') },
  { id: 'date-sub-3', fn: 'DATE_SUBTRACT', args: ['2016-03-31', 1, 'month'], expected: isoDay('2016-03-02') },
  { id: 'date-sub-4', fn: 'DATE_SUBTRACT', args: ['2012-02-12 13:34:12Z', 0.5, 'd'], expected: '2012-02-12T01:34:12.000Z' },
  { id: 'date-sub-5', fn: 'DATE_SUBTRACT', args: [1, -1, 'f'], expected: '1970-01-01T00:00:00.002Z' },
  { id: 'date-sub-6', fn: 'DATE_SUBTRACT', args: ['0000-01-01T00:00:00', 1, 'second'], expected: null, warnings: W_DATE },
  { id: 'date-sub-7', fn: 'DATE_SUBTRACT', args: ['2023-03-27T22:00:00.000Z', 1, 'day', 'Europe/Berlin'], expected: '2023-03-26T22:00:00.000Z' },
  { id: 'date-sub-8', fn: 'DATE_SUBTRACT', args: ['2001-03-26 05:06:07.890', 'P1Y2M3W4DT5H6M7.89S'], expected: isoDay('2000-01-01') },
  { id: 'date-sub-9', fn: 'DATE_SUBTRACT', args: [1, 1, 'year', 1], expected: null, warnings: W_TYPE },
  { id: 'date-sub-10', fn: 'DATE_SUBTRACT', args: ['2100-10-01Z', -3, 'm'], expected: isoDay('2101-01-01') },
  { id: 'date-sub-11', fn: 'DATE_SUBTRACT', args: [[], 1, 'year'], expected: null, warnings: W_TYPE },
  { id: 'date-sub-12', fn: 'DATE_SUBTRACT', args: [0, '-P1Y'], expected: null, warnings: W_DATE },

  // DATE_DIFF: months are 1/12 of 365.2425 days; integers round half away from zero
  { id: 'date-diff-1', fn: 'DATE_DIFF', args: ['2023-12-01', '2024-04-01', 'days'], expected: 122 },
  { id: 'date-diff-2', fn: 'DATE_DIFF', args: ['2000-05-01', '2000-05-01 00:00:59.500', 'seconds', true], expected: 59.5 },
  { id: 'date-diff-3', fn: 'DATE_DIFF', args: ['2000-05-01', '2050-05-01', 'years'], expected: 50 },
  { id: 'date-diff-4', fn: 'DATE_DIFF', args: ['2000-05-01', '2400-05-01', 'y', true], expected: 400 },
  { id: 'date-diff-5', fn: 'DATE_DIFF', args: ['2000-05-01', '2000-06-01', 'months'], expected: 1 },
  { id: 'date-diff-6', fn: 'DATE_DIFF', args: ['2000-05-01', '2000-04-30 18:00:00.000', 'days', true], expected: -0.25 },
  { id: 'date-diff-7', fn: 'DATE_DIFF', args: ['2000-05-01', '2000-04-30 12:00:00', 'days'], expected: -1 },
  { id: 'date-diff-8', fn: 'DATE_DIFF', args: ['2000-05-01', '2000-05-01 12:00:00', 'days'], expected: 1 },
  { id: 'date-diff-9', fn: 'DATE_DIFF', args: ['2000-05-01', '2000-05-08', 'w', true], expected: 1 },
  { id: 'date-diff-10', fn: 'DATE_DIFF', args: ['2000-01-01', '2000-02-01', 'months', true], expected: 2678400000 / 2629746000 },
  // ArangoDB 3.12 registers DATE_DIFF with 3 to 4 arguments (its docs name timezone1 and
  // timezone2 after asFloat, but a 5th argument fails the query, as its own tests expect):
  // the 4th is asFloat when boolean, a timezone for both dates when a string
  { id: 'date-diff-11', fn: 'DATE_DIFF', args: ['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 'hours', true, 'Asia/Kathmandu', 'America/Los_Angeles'], error: 1541 },
  { id: 'date-diff-12', fn: 'DATE_DIFF', args: ['2023-03-25T23:00:00.000Z', '2023-03-26T23:00:00.000Z', 'hours'], expected: 24 },
  { id: 'date-diff-13', fn: 'DATE_DIFF', args: ['2023-03-25T23:00:00.000Z', '2023-03-26T23:00:00.000Z', 'hours', 'Europe/Berlin'], expected: 25 },
  { id: 'date-diff-14', fn: 'DATE_DIFF', args: [1, 1, 'yo'], expected: null, warnings: W_DATE },
  { id: 'date-diff-15', fn: 'DATE_DIFF', args: [null, 1, 'y'], expected: null, warnings: W_TYPE },
  { id: 'date-diff-16', fn: 'DATE_DIFF', args: [1, 1, null], expected: null, warnings: W_TYPE },
  { id: 'date-diff-17', fn: 'DATE_DIFF', args: [1, 1, 'y', null], expected: null, warnings: W_TYPE },
  { id: 'date-diff-18', fn: 'DATE_DIFF', args: ['', 1, 'y'], expected: null, warnings: W_DATE },
  { id: 'date-diff-19', fn: 'DATE_DIFF', args: [1, 1, 'y', true, 1], error: 1541 },
  { id: 'date-diff-22', fn: 'DATE_DIFF', args: [1, 1, 1, 1, 1], error: 1541 },
  { id: 'date-diff-23', fn: 'DATE_DIFF', args: ['2023-03-12T00:00:00.000Z', '2023-03-13T00:00:00.000Z', 'hours', 'America/New_York'], expected: 25 },
  { id: 'date-diff-24', fn: 'DATE_DIFF', args: [1, 1, 'y', 1], expected: null, warnings: W_TYPE },
  { id: 'date-diff-20', fn: 'DATE_DIFF', args: [1, 1, 1, 1, 1, 1, 1], error: 1541 },
  { id: 'date-diff-21', fn: 'DATE_DIFF', args: [0, 1000, 'MILLISECONDS'], expected: 1000 },

  // DATE_COMPARE: the components from unitRangeStart down to unitRangeEnd must match
  { id: 'date-cmp-1', fn: 'DATE_COMPARE', args: ['1985-04-04', '2023-04-04T12:00:00Z', 'months', 'days'], expected: true },
  { id: 'date-cmp-2', fn: 'DATE_COMPARE', args: ['2001-01-01T15:30:45.678Z', '2001-01-01T08:08:08.008Z', 'years', 'days'], expected: true },
  { id: 'date-cmp-3', fn: 'DATE_COMPARE', args: ['2010-06-25T12:13:14.156', '2011-06-25T12:13:14.156', 'years'], expected: false },
  { id: 'date-cmp-4', fn: 'DATE_COMPARE', args: ['2010-06-25T12:13:14.156', '2011-06-25T13:14:15.157', 'months', 'days'], expected: true },
  { id: 'date-cmp-5', fn: 'DATE_COMPARE', args: ['2010-06-25T12:13:14.156', '2010-06-25T12:13:14.157', 'years', 'milliseconds'], expected: false },
  { id: 'date-cmp-6', fn: 'DATE_COMPARE', args: ['2010-06-25T12:13:14.156', '2010-06-25T12:13:14.157', 'years', 'seconds'], expected: true },
  { id: 'date-cmp-7', fn: 'DATE_COMPARE', args: ['2010-06-25T12:13:14.156', '2011-05-26T12:13:14.156', 'd'], expected: false },
  // an end unit above the start unit compares nothing after the start (ArangoDB raises no error)
  { id: 'date-cmp-8', fn: 'DATE_COMPARE', args: ['2010-06-25', '2011-01-01', 'days', 'years'], expected: true },
  { id: 'date-cmp-9', fn: 'DATE_COMPARE', args: ['2023-04-01T09:00:00.000Z', '2024-04-01T18:00:00.000Z', 'hour', 'minute'], expected: false },
  { id: 'date-cmp-10', fn: 'DATE_COMPARE', args: ['2023-04-01T09:00:00.000Z', '2024-04-01T18:00:00.000Z', 'hour', 'minute', 'Europe/Berlin', 'America/Los_Angeles'], expected: true },
  { id: 'date-cmp-11', fn: 'DATE_COMPARE', args: ['2023-12-31T23:30:00Z', '2024-01-01T00:10:00Z', 'y', 'Europe/Berlin'], expected: true },
  { id: 'date-cmp-12', fn: 'DATE_COMPARE', args: [1, 2, 'week'], expected: true },
  { id: 'date-cmp-13', fn: 'DATE_COMPARE', args: [null, 1, 'y'], expected: null, warnings: W_TYPE },
  { id: 'date-cmp-14', fn: 'DATE_COMPARE', args: [1, 1, 'yo'], expected: null, warnings: W_TYPE },
  { id: 'date-cmp-15', fn: 'DATE_COMPARE', args: [1, 1, 'y', null], expected: null, warnings: W_TYPE },
  { id: 'date-cmp-16', fn: 'DATE_COMPARE', args: [1, 1, 'y', 'yo'], error: INTERNAL },
  { id: 'date-cmp-17', fn: 'DATE_COMPARE', args: [1, 1, 'y', 'd', 'UTC', 5], expected: null, warnings: W_TYPE },
  { id: 'date-cmp-18', fn: 'DATE_COMPARE', args: [1, 1, 'y', 'Foo', 'UTC', 'UTC'], expected: null, warnings: W_TYPE },
  { id: 'date-cmp-19', fn: 'DATE_COMPARE', args: ['', 1, 'y'], expected: null, warnings: W_DATE },

  // DATE_UTCTOLOCAL: local time without "Z" unless the zone sits at UTC+0 without DST
  { id: 'date-u2l-1', fn: 'DATE_UTCTOLOCAL', args: ['2020-03-15T00:00:00.000', 'Europe/Berlin'], expected: '2020-03-15T01:00:00.000' },
  { id: 'date-u2l-2', fn: 'DATE_UTCTOLOCAL', args: ['2020-03-15T00:00:00.000', 'America/New_York'], expected: '2020-03-14T20:00:00.000' },
  { id: 'date-u2l-3', fn: 'DATE_UTCTOLOCAL', args: ['2020-03-15T00:00:00.000', 'UTC'], expected: '2020-03-15T00:00:00.000Z' },
  { id: 'date-u2l-4', fn: 'DATE_UTCTOLOCAL', args: ['2020-03-15T00:00:00.000-02:00', 'Asia/Shanghai'], expected: '2020-03-15T10:00:00.000' },
  { id: 'date-u2l-5', fn: 'DATE_UTCTOLOCAL', args: [1584230400000, 'Asia/Shanghai'], expected: '2020-03-15T08:00:00.000' },
  { id: 'date-u2l-6', fn: 'DATE_UTCTOLOCAL', args: ['2020-07-07T08:45:00.333Z', 'Etc/GMT+6'], expected: '2020-07-07T02:45:00.333' },
  { id: 'date-u2l-7', fn: 'DATE_UTCTOLOCAL', args: ['2020-07-07T00:00:00.333Z', 'Australia/Eucla'], expected: '2020-07-07T08:45:00.333' },
  { id: 'date-u2l-8', fn: 'DATE_UTCTOLOCAL', args: ['2020-01-15T12:00:00Z', 'Europe/London'], expected: '2020-01-15T12:00:00.000Z' },
  { id: 'date-u2l-9', fn: 'DATE_UTCTOLOCAL', args: ['2020-07-15T12:00:00Z', 'Europe/London'], expected: '2020-07-15T13:00:00.000' },
  {
    id: 'date-u2l-10',
    fn: 'DATE_UTCTOLOCAL',
    args: ['2020-03-15T00:00:00.000Z', 'Europe/Berlin', true],
    check: (r) => {
      const o = obj(r);
      assert.equal(o.local, '2020-03-15T01:00:00.000');
      assert.equal(typeof o.tzdb, 'string');
      assert.deepEqual(obj(o.zoneInfo), { name: 'CET', begin: '2019-10-27T01:00:00.000Z', end: '2020-03-29T01:00:00.000Z', dst: false, offset: 3600 });
    },
  },
  {
    id: 'date-u2l-11',
    fn: 'DATE_UTCTOLOCAL',
    args: ['2020-07-01T00:00:00.000Z', 'America/New_York', true],
    check: (r) => {
      const info = obj(obj(r).zoneInfo);
      assert.deepEqual([info.name, info.dst, info.offset], ['EDT', true, -14400]);
      assert.deepEqual([info.begin, info.end], ['2020-03-08T07:00:00.000Z', '2020-11-01T06:00:00.000Z']);
    },
  },
  { id: 'date-u2l-12', fn: 'DATE_UTCTOLOCAL', args: ['2020-03-15T00:00:00.000Z', 'Europe/Berlin', false], expected: '2020-03-15T01:00:00.000' },
  { id: 'date-u2l-13', fn: 'DATE_UTCTOLOCAL', args: [1, 1], expected: null, warnings: W_TYPE },
  { id: 'date-u2l-14', fn: 'DATE_UTCTOLOCAL', args: ['x', 'UTC'], expected: null, warnings: W_DATE },
  { id: 'date-u2l-15', fn: 'DATE_UTCTOLOCAL', args: [0, 'UTC', 1], expected: null, warnings: W_TYPE },
  { id: 'date-u2l-16', fn: 'DATE_UTCTOLOCAL', args: [0, 'Mars/Base'], error: INTERNAL },
  { id: 'date-u2l-17', fn: 'DATE_UTCTOLOCAL', args: [0], error: 1541 },

  // DATE_LOCALTOUTC: local times in a gap or an overlap have no single UTC time
  { id: 'date-l2u-1', fn: 'DATE_LOCALTOUTC', args: ['2020-03-15T00:00:00.000', 'Europe/Berlin'], expected: '2020-03-14T23:00:00.000Z' },
  { id: 'date-l2u-2', fn: 'DATE_LOCALTOUTC', args: ['2020-03-15T00:00:00.000', 'America/New_York'], expected: '2020-03-15T04:00:00.000Z' },
  { id: 'date-l2u-3', fn: 'DATE_LOCALTOUTC', args: ['2020-03-15T00:00:00.000', 'UTC'], expected: '2020-03-15T00:00:00.000Z' },
  { id: 'date-l2u-4', fn: 'DATE_LOCALTOUTC', args: ['2020-03-15T00:00:00.000-02:00', 'Asia/Shanghai'], expected: '2020-03-14T18:00:00.000Z' },
  { id: 'date-l2u-5', fn: 'DATE_LOCALTOUTC', args: [1584230400000, 'Asia/Shanghai'], expected: '2020-03-14T16:00:00.000Z' },
  { id: 'date-l2u-6', fn: 'DATE_LOCALTOUTC', args: ['2020-03-01T00:00:00.000', 'Europe/Berlin'], expected: '2020-02-29T23:00:00.000Z' },
  { id: 'date-l2u-7', fn: 'DATE_LOCALTOUTC', args: ['2023-03-26T02:30:00', 'Europe/Berlin'], error: INTERNAL },
  { id: 'date-l2u-8', fn: 'DATE_LOCALTOUTC', args: ['2023-10-29T02:30:00', 'Europe/Berlin'], error: INTERNAL },
  {
    id: 'date-l2u-9',
    fn: 'DATE_LOCALTOUTC',
    args: ['2021-03-16T12:00:00.000', 'Africa/Lagos', true],
    check: (r) => {
      const o = obj(r);
      assert.equal(o.utc, '2021-03-16T11:00:00.000Z');
      const info = obj(o.zoneInfo);
      assert.deepEqual([info.offset, info.dst, info.end], [3600, false, null]);
    },
  },
  { id: 'date-l2u-10', fn: 'DATE_LOCALTOUTC', args: [0, null], expected: null, warnings: W_TYPE },
  { id: 'date-l2u-11', fn: 'DATE_LOCALTOUTC', args: ['9999-12-31T23:00:00', 'America/New_York'], expected: null, warnings: W_DATE },

  // DATE_TIMEZONE, DATE_TIMEZONES
  {
    id: 'date-tz-1',
    fn: 'DATE_TIMEZONE',
    args: [],
    check: (r) => assert.ok(typeof r === 'string' && r.length > 0),
  },
  { id: 'date-tz-2', fn: 'DATE_TIMEZONE', args: ['UTC'], error: 1541 },
  {
    id: 'date-tzs-1',
    fn: 'DATE_TIMEZONES',
    args: [],
    check: (r) => {
      assert.ok(Array.isArray(r) && r.length > 300);
      for (const z of ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'UTC']) assert.ok(r.includes(z), z);
      assert.equal(new Set(r).size, r.length);
    },
  },
];
