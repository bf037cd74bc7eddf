import { bareHashKindOf, PERSONAL_DOCUMENT_KINDS } from '../attachments/refs.js'
import { isGone } from './sealed.js'
/**
 * Masking of personal data (个人信息脱敏) for dashboards, lists and exports shown to people
 * who do not need the full values. Full values stay on the case, for the roles that need them.
 */

/**
 * Is this an attachment reference (`{ sha256, kind }`, the `Attachments` codec's) to a personal document
 * (`PERSONAL_DOCUMENT_KINDS`: an identity document, a signed agreement, a consent, an application) the reader may not
 * see (`sees`; none, for masked data)? Such a file is personal data in itself (a 身份证 photo, a 调解协议书 with the
 * parties' names, numbers and signatures): the whole reference is left out — the file does not exist for that reader
 * (docs/attachments.md).
 */
const isPersonalDocumentRef = (value: unknown, sees: (kind: string) => boolean = seesNone): boolean => {
  if (typeof value !== 'object' || value === null || typeof (value as { sha256?: unknown }).sha256 !== 'string') return false
  const kind = (value as { kind?: unknown }).kind
  return typeof kind === 'string' && PERSONAL_DOCUMENT_KINDS.has(kind) && !sees(kind)
}
const seesNone = (): boolean => false

const NONE = Symbol('left out')

/**
 * A field that names a personal document the reader may not see by a bare hash (`documentHash`: a party's signed
 * consent; `applicationHash`: its application; `bareHashKindOf`): `NONE`, the field left out whole; a list of such
 * hashes, without its hashes. Any other field's value as it is.
 */
const bareDocuments = (key: string, value: unknown, sees: (kind: string) => boolean): unknown => {
  const kind = bareHashKindOf(key, value)
  if (kind === undefined || !PERSONAL_DOCUMENT_KINDS.has(kind) || sees(kind)) return value
  return Array.isArray(value) ? value.filter((v) => !(typeof v === 'string' && /^[0-9a-f]{64}$/.test(v))) : NONE
}

const leaveOutDocuments = (value: unknown, sees: (kind: string) => boolean): unknown => {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    let out: unknown[] | undefined
    for (let i = 0; i < value.length; i += 1) {
      const v: unknown = value[i]
      const kept = isPersonalDocumentRef(v, sees) ? NONE : leaveOutDocuments(v, sees)
      if (out === undefined && kept !== v) out = value.slice(0, i)
      if (out !== undefined && kept !== NONE) out.push(kept)
    }
    return out ?? value
  }
  let out: Record<string, unknown> | undefined
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key]
    const bare = bareDocuments(key, v, sees)
    if (bare === NONE) {
      out ??= { ...(value as Record<string, unknown>) }
      delete out[key]
      continue
    }
    const kept = leaveOutDocuments(bare, sees)
    if (kept === v) continue
    out ??= { ...(value as Record<string, unknown>) }
    // (defineProperty: an own `__proto__` key stays a key.)
    Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true })
  }
  return out ?? value
}

/**
 * A JSON value with every reference to a personal document (`{ sha256, kind }` of a `PERSONAL_DOCUMENT_KINDS` kind) the
 * reader may not see left out, for a reader who sees the rest of the case in full: `sees` says which kinds it sees (the
 * attachments' `maySeeKind` on the case: a resident party sees its case's agreement, not the other party's identity
 * card); none given, every personal document is left out. The value itself when it leaves out none; otherwise a copy of
 * what changed (the rest shared). `maskPersonalData` leaves them all out too.
 */
export const withoutPersonalDocuments = <T>(value: T, sees: (kind: string) => boolean = seesNone): T => leaveOutDocuments(value, sees) as T

/** A mobile number keeps its first 3 and last 4 digits: `138****8000`. Other numbers keep their last 4. */
export const maskPhone = (phone: string): string => {
  const digits = phone.replace(/[\s-]/g, '')
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  if (digits.length <= 4) return '*'.repeat(digits.length)
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`
}

/** A name keeps its first character: `张三` → `张*`, `欧阳娜娜` → `欧***`, `Li Lei` → `L*****`. */
export const maskName = (name: string): string => {
  const chars = [...name.trim()]
  if (chars.length === 0) return ''
  return `${chars[0] ?? ''}${'*'.repeat(Math.max(chars.length - 1, 1))}`
}

/** A resident id number (身份证号) keeps its first 6 (region) and last 4: `110105********1234`. */
export const maskIdNumber = (id: string): string => {
  const chars = [...id.trim()]
  if (chars.length <= 8) return '*'.repeat(chars.length)
  const keepHead = chars.length >= 15 ? 6 : 2
  return `${chars.slice(0, keepHead).join('')}${'*'.repeat(chars.length - keepHead - 4)}${chars.slice(-4).join('')}`
}

/** An address (住址) keeps its first 6 characters (province, city, district as a rule): `内蒙古呼和浩特市赛罕区…` → `内蒙古呼和浩****…`. */
export const maskAddress = (address: string): string => {
  const chars = [...address.trim()]
  const keep = chars.length > 6 ? 6 : Math.min(1, chars.length)
  return `${chars.slice(0, keep).join('')}${'*'.repeat(Math.max(chars.length - keep, 1))}`
}

/**
 * A phone, id or bank card number as people type it into free text (a description "请联系我 139-1234-5678", a note
 * "身份证 110105199001011234", a request for a refund "退款卡号 6222 0212 3456 7890 128"):
 * - a mobile: 1[3-9] and 9 digits, a separator allowed after the 3rd and the 7th — a space or hyphen, a space either
 *   side of it or two spaces allowed (138 - 1234 - 5678), or a dot at both (138.1234.5678: one dot alone is a
 *   decimal's) — or one and the same space, hyphen or dot between every two digits (1 3 8 1 2 3 4 5 6 7 8); +86 or 86
 *   before it kept as written;
 * - a landline with its area code: 0 and 2 or 3 digits, then 7 or 8 digits, the first not 0 or 1 — or any first after
 *   a space or hyphen (0471-1234567: the separator says what it is; found in review, session 46, read in full) — or
 *   the area code in brackets, ASCII or full-width, a space or hyphen allowed after them, then 7 or 8 digits,
 *   any first (the brackets say what it is), a space or hyphen allowed before their last 4 ((010)12345678, （0471）
 *   456-7890): its digits masked where they stand, brackets, spaces and hyphens kept, so the text reads the same
 *   ((****) ***-7890);
 * - a resident id number: 17 digits and a digit or X, in a row or grouped 6-8-4 or 6-4-4-4 (110105 19491231 002X) by
 *   spaces or hyphens, or by dots at every group; or 15 digits, the old kind;
 * - a bank card number (银行卡号: people give one for a refund or wages owed): 16 to 19 digits, in a row or in groups
 *   of 4 (the last of 1 to 3) all separated by a space, all by a hyphen or all by a dot, not followed by a hyphen and a letter or
 *   digit (a uuid's first 16 hex digits can all be digits), that pass the Luhn check — the check is what keeps
 *   positions, serial numbers and other long digit runs out (9 in 10 of them fail it). 18 digits in a row are read as
 *   an id number first, so no id checksum is needed: the two are masked alike (first 6 and last 4).
 * Digits typed full-width (an IME in full-width mode: １３９１２３４５６７８, ０４７１－４５６７８９０, with a full-width
 * space, hyphen, plus, brackets or X) are read as their ASCII forms (`foldWidth`) and masked in the same shape, full-width
 * (１３９＊＊＊＊５６７８); so are a full-width or middle dot (`．`, `·`, `・`) and a dash of another width (`–`, `—`)
 * between two digits. Numbers written in Chinese numerals, 大写 numerals, or digits and numerals mixed, are
 * `foldNumerals`'s. Masked in the shapes of the structured fields (`maskPhone`, `maskIdNumber`; a card keeps its
 * first 6, the issuer, and last 4), except the bracketed landline.
 *
 * Not where the digits touch a Latin letter or another digit, or follow one and a hyphen, or "digit.": they are then
 * part of something longer — a sha-256 or a uuid in hex (its last group of 12 could read as a landline), a token, a
 * longer digit run (an amount, a position), a decimal fraction. So a date (2026-12-02), an amount (5000元) or a court's
 * case number ((2026)蒙0105民特7号: an area code starts with 0) is never one. The exception is a phone label in Latin
 * letters right before the number, case-insensitive, a hyphen, `:`, `.` or `#` allowed after it (`TEL13912345678`,
 * `Mobile-139…`): an allow-list, because no rule about letters can tell a label from an identifier's letters
 * (`order13912345678x`, `ab13912345678cd`) — these labels hold letters (l, m, n, o, p, t, x) no hex string does, and
 * count only where no Latin letter comes before them (`hotel13912345678` is left alone). Labels in Chinese (手机号,
 * 电话) need no list: a Chinese character is no letter.
 *
 * A landline without its area code (a local number: 7 or 8 digits, the first 2 to 9, a space or hyphen allowed before
 * the last 4) is read as one only right after a phone label — 电话, 座机, 手机, 传真 (联系电话, 电话号码: what ends in
 * them, 号 or 号码 allowed after), or a Latin one above — up to 3 spaces, then a colon (ASCII or full-width), `.`, `#` or
 * a hyphen, then up to 3 spaces allowed between them (`电话 6612345`, `座机：6612-3456`, `Tel: 66123456`): masked as a
 * phone, its last 4 kept. Not followed by a hyphen and a letter or digit (a uuid's next group), but for an extension
 * (a hyphen and 1 to 4 digits, then none of them), which stays. Without the label, 7 or 8 digits cannot be told from
 * an amount, a date, a count or a case number: left alone. (The label is a lookbehind after the number's first digit,
 * so it is tried only where a digit 2 to 9 stands.)
 *
 * (The label is an exception inside the lookbehind — a letter that ends no label — not a second lookbehind beside it:
 * an alternative of two lookbehinds is tried at every position the body fails, 10 times the CPU on a page of text.)
 */
const NUMBER_IN_TEXT =
  /(?<![0-9A-Za-z](?<!(?<![A-Za-z])(?:tel|telephone|phone|cellphone|mobile|mob|cell|fax))-?)(?<!\d\.)(?:(\+?86[ -]?)?(1[3-9]\d(?:(?: ?[ -] ?)?\d{4}(?: ?[ -] ?)?|\.\d{4}\.)\d{4})|(\(0[1-9]\d{1,2}\)[ -]?\d{3,4}[ -]?\d{4})|(0[1-9]\d{1,2}(?: ?[ -] ?\d{7,8}|[2-9]\d{6,7}))|([1-9]\d{5}(?:\d{11}|(?: ?[ -] ?)\d{8}(?: ?[ -] ?)\d{3}|(?: ?[ -] ?)\d{4}(?: ?[ -] ?)\d{4}(?: ?[ -] ?)\d{3}|\.\d{8}\.\d{3}|\.\d{4}\.\d{4}\.\d{3})[\dXx]|[1-9]\d{14})|([1-9]\d{15,18}|[1-9]\d{3}([ .-])\d{4}\7\d{4}\7\d{4}(?:\7(\d{1,3}))?)(?!-?[0-9A-Za-z])|([2-9](?<=(?:(?<![A-Za-z])(?:tel|telephone|phone|cellphone|mobile|mob|cell|fax)|电话|座机|手机|传真)(?:号码?)? {0,3}[-:：.#]? {0,3}\d)\d{2,3}[ -]?\d{4})(?:(?!-?[0-9A-Za-z])|(?=-\d{1,4}(?![0-9A-Za-z-])))|(1([ .-])[3-9]\11\d(?:\11\d){8}))(?![0-9A-Za-z])/gi

/** A digit, ASCII or full-width (`０`–`９`). */
const isDigit = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)
/**
 * A space or a hyphen, ASCII or full-width (`　`, `－`), or what people group digits with as a hyphen: a dot (`.`, `．`),
 * a middle dot (`·`, `・`), a dash of another width (`‐`–`―`: `–`, `—`). One may stand between two digits of a number.
 */
const isSeparator = (c: number): boolean =>
  c === 32 || c === 45 || c === 46 || c === 0x3000 || c === 0xff0d || c === 0xff0e || c === 0xb7 || c === 0x30fb || (c >= 0x2010 && c <= 0x2015)
/** What a number `NUMBER_IN_TEXT` finds is written with: a digit, a separator (`isSeparator`), a bracket (ASCII or full-width `（）`). */
const isNumberChar = (c: number): boolean =>
  c <= 57
    ? c >= 48 || c === 32 || c === 45 || c === 46 || c === 40 || c === 41
    : c >= 0xff08
      ? c <= 0xff19 && (c >= 0xff0d || c <= 0xff09)
      : c > 0x30fb // (a Chinese character: as few comparisons as before the dots and dashes)
        ? false
        : c === 0x3000 || c === 0x30fb || c === 0xb7 || (c >= 0x2010 && c <= 0x2015)

/** What may stand between a phone label and a local number (`NUMBER_IN_TEXT`): a colon, ASCII or full-width, `.`, `#`. */
const isLabelMark = (c: number): boolean => c === 58 || c === 0xff1a || c === 46 || c === 35
/**
 * Could what ends before `at` be a phone label (`NUMBER_IN_TEXT`'s, before a local number), the marks a label may have
 * after it (`isLabelMark`, a space) passed over: does it end in a Latin letter, or in 话, 机, 真, 号 or 码 (电话, 座机,
 * 手机, 传真, 电话号码)? A superset: the regex decides.
 */
const mayEndLabel = (text: string, at: number): boolean => {
  let i = at - 1
  while (i >= 0 && i >= at - 8) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 0x3000 || isLabelMark(c)) i -= 1
    else return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 0x8bdd || c === 0x673a || c === 0x771f || c === 0x53f7 || c === 0x7801
  }
  return false
}

/**
 * Could this text hold a number `NUMBER_IN_TEXT` finds: 10 digits or more (ASCII or full-width) in a run of digits,
 * separators and brackets, a single separator between two digits counting as none and a bracket as nothing (the
 * shortest, a landline 010-2345678 or (010)2345678, has 10); or 7 or more in a run right after what may be a phone
 * label (`mayEndLabel`: a local number, 电话6612345)? Such a run is 7 characters or more, so it covers one of every 7th
 * character: only those are looked at, and the digits of the run around one that is a number's character counted if
 * the run is long enough. No regex: most strings masking meets (timestamps, uuids, names, Chinese text) are passed
 * over in a few comparisons.
 */
const mayHoldNumber = (text: string): boolean => {
  const n = text.length
  for (let p = 6; p < n; p += 7) {
    if (!isNumberChar(text.charCodeAt(p))) continue
    let start = p
    while (start > 0 && isNumberChar(text.charCodeAt(start - 1))) start -= 1
    let end = p + 1
    while (end < n && isNumberChar(text.charCodeAt(end))) end += 1
    // A run of 10 or more may hold 10 digits; one of 7 or more after what may be a label, 7 (the label asked first: few are).
    const need = end - start >= 10 ? 10 : end - start >= 7 && mayEndLabel(text, start) ? 7 : 0
    if (need > 0) {
      const local = need === 7 || mayEndLabel(text, start)
      let digits = 0
      // Up to 3 characters that are no digit between two digits (a separator with a space either side, ` - `; a bracket
      // and a space, `) `) count as none; more end the digits counted.
      let gap = 0
      for (let i = start; i < end; i += 1) {
        const c = text.charCodeAt(i)
        if (isDigit(c)) {
          digits += 1
          gap = 0
          if (digits >= 10 || (local && digits >= 7)) return true
        } else if ((gap += 1) > 3) digits = 0
      }
    }
    // `end` ends the run (a character that is none of them): the next run that could hold one covers `end + 7` or later.
    p = end
  }
  return false
}

/**
 * Full-width digits, brackets, plus, hyphen, space and an id number's X (an IME's full-width mode), each one UTF-16 unit
 * like its ASCII form.
 */
const FULL_WIDTH = /[\u3000\uff08\uff09\uff0b\uff0d\uff10-\uff19\uff38\uff58\uff0e\u00b7\u30fb\u2010-\u2015]/g
/**
 * The text with the full-width characters a number is typed with read as ASCII, at the same positions (other
 * full-width letters are left as they are: like a Chinese character, one does not join a number to an identifier), and
 * the other separators (`isSeparator`) between two digits (a space either side allowed) as ASCII: a dash of another
 * width as a hyphen, a full-width or middle dot as a dot. Elsewhere (a dash between words, a name's middle dot) they
 * stay.
 */
const foldWidth = (text: string): string => text.replace(FULL_WIDTH, (c, at: number) => foldChar(c, at, text, isDigit))
const foldChar = (c: string, at: number, text: string, digit: (c: number) => boolean): string => {
  const code = c.charCodeAt(0)
  if (code === 0x3000) return ' '
  if (code >= 0xff08 && code !== 0xff0e) return String.fromCharCode(code - 0xfee0)
  const before = text.charCodeAt(at - 1) === 32 ? at - 2 : at - 1
  const after = text.charCodeAt(at + 1) === 32 ? at + 2 : at + 1
  if (!digit(text.charCodeAt(before)) || !digit(text.charCodeAt(after))) return c
  return code >= 0x2010 && code <= 0x2015 ? '-' : '.'
}
/** A mask written full-width: its digits, stars and X as `０`–`９`, `＊`, `Ｘ`. */
const widen = (masked: string): string => masked.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
const hasFullWidthDigit = /[\uff10-\uff19]/

/**
 * A phone, id or card number written in Chinese numerals, digit by digit, as people write one out (一三八一二三四五六七八,
 * 身份证一一〇一〇五一九九〇〇一〇一一二三四): each numeral a digit — 〇 or 零 (or ○, a circle typed for 〇) 0, 一 or 幺
 * (how an operator says 1 in a phone number) 1, 二 or 两 2, 三 to 九 — with the separators, brackets, plus and X
 * `NUMBER_IN_TEXT` allows. Masked as the number in digits is (`NUMBER_IN_TEXT`, then `NUMERAL_RUN_NUMBER`), character for
 * character: each digit kept the numeral as written, each masked a star (一三八****五六七八). Found in review (session 45):
 * such a note read in full to every masked reader. 十 and 百 are no digits (a count, 十三亿, is no number's).
 *
 * The 大写 numerals too (壹 贰 叁 肆 伍 陆 柒 捌 玖, with 零; 貳 參 陸 as Traditional writes them): a form, a cheque or a
 * careful clerk writes a number so (壹叁捌壹贰叁肆伍陆柒捌). 拾, 佰, 仟 and 万 are no digits, as 十 and 百 are not (an
 * amount, 叁仟元整, is no number). And a number written partly in digits and partly in numerals (138一二三四5678,
 * 1三8 1234 5678, 身份证110105一九四九1231002X, 座机〇四七一-1234567: the hotline types what it hears, an IME gives one
 * and the other): the numerals pass reads digits (ASCII or full-width) as digits, and masks only a number that holds a
 * numeral (one in digits alone is the digits pass's). Found in review (session 46): both read in full.
 *
 * And the radio readings (无线电读法), as a dispatcher, the police or an operator reads a number out so that no digit is
 * misheard, and a hotline note then writes what it heard (电话幺三八洞洞拐勾两三四五): 幺, or 腰 as it sounds, 1; 两 2;
 * 拐 7; 勾 9; 洞 0. Found in review (session 47): read in full. Each is a word too (洞口, 拐弯, 勾选, 腰疼): a number needs
 * 7 numerals and digits in a row or more, which words do not make (the negative table in numeralNumbers.test.ts). Not
 * a door's numeral (`CN_DIGITS`): a door is not read out so.
 */
const NUMERAL_DIGITS: Readonly<Record<string, string>> = {
  〇: '0', 零: '0', '○': '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
  壹: '1', 贰: '2', 貳: '2', 叁: '3', 參: '3', 肆: '4', 伍: '5', 陆: '6', 陸: '6', 柒: '7', 捌: '8', 玖: '9',
  腰: '1', 拐: '7', 勾: '9', 洞: '0',
}
const HAS_NUMERAL = /[〇零○一幺二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖腰拐勾洞]/
/** A numeral, or a Latin letter typed for a digit (`foldLetters`): what a number the numerals pass masks holds. */
const HAS_NUMERAL_OR_LETTER = /[〇零○一幺二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖腰拐勾洞OolI]/
const NUMERAL_FOLD = /[〇零○一幺二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖腰拐勾洞\u3000\uff08\uff09\uff0b\uff0d\uff10-\uff19\uff38\uff58.\uff0e\u00b7\u30fb\u2010-\u2015]/g
/** A numeral (`NUMERAL_DIGITS`), by its code unit. */
const isNumeral = (c: number): boolean => {
  switch (c) {
    case 0x4e00: case 0x4e8c: case 0x4e09: case 0x56db: case 0x4e94: case 0x516d: case 0x4e03: case 0x516b: case 0x4e5d:
    case 0x3007: case 0x96f6: case 0x25cb: case 0x5e7a: case 0x4e24:
    case 0x58f9: case 0x8d30: case 0x8cb3: case 0x53c1: case 0x53c3: case 0x8086: case 0x4f0d: case 0x9646: case 0x9678: case 0x67d2: case 0x634c: case 0x7396:
    case 0x8170: case 0x62d0: case 0x52fe: case 0x6d1e:
      return true
    default:
      return false
  }
}
/** A digit (ASCII or full-width) or a numeral. */
const isDigitOrNumeral = (c: number): boolean => isDigit(c) || isNumeral(c)
/**
 * The text as a number holding Chinese numerals is looked for in it, at the same positions: each numeral as its digit,
 * the full-width digits, separators, brackets, plus and X as ASCII and the other separators between two digits or
 * numerals as a hyphen (`foldWidth`'s), an ASCII digit as itself. A number in digits alone is `foldWidth`'s, masked
 * before this one is looked for.
 */
const foldNumerals = (text: string): string => {
  const lettered = foldLetters(text)
  return lettered.replace(NUMERAL_FOLD, (c, at: number) => NUMERAL_DIGITS[c] ?? foldChar(c, at, lettered, isDigitOrNumeral))
}

/**
 * Latin letters typed for digits inside a number (138O0l38000, 13800I3800O, 11010519491231OO2X: O or o for 0, l or I for 1,
 * as people type what looks alike). Found in review (session 47): read in full — a number touching a letter is part of
 * something longer (`NUMBER_IN_TEXT`). Read as their digits, at the same positions, only in a chain of words of digits
 * (or numerals) and those letters alone (an id's last X allowed), joined by separators and brackets as a number's groups
 * are (1 to 3 `isNumberChar`s), that holds more digits and numerals than such letters; a Latin phone label glued before its
 * first word (tel138O0l38000) is passed over. Any other letter in a word (hex: a-f; a token; a word: Hello, order) ends
 * the chain and is not read: the numbers then found are what `NUMBER_IN_TEXT` finds in it. Masked by the numerals pass,
 * as a number holding a numeral is (each kept digit as written: 138****800O). A linear scan; the text itself when it
 * folds none.
 */
const foldLetters = (text: string): string => {
  let out: string[] | undefined
  const n = text.length
  // The chain being read: where it starts, its digits and letters, and where its last word ended.
  let chainStart = -1
  let chainEnd = -1
  let digits = 0
  let letters = 0
  const close = (): void => {
    if (chainStart >= 0 && letters > 0 && digits > letters) {
      // By UTF-16 code unit, as the indices are (spread by code point, a character outside the BMP before the number
      // put every fold one place late: found in review).
      out ??= text.split('')
      for (let i = chainStart; i < chainEnd; i += 1) {
        const c = text.charCodeAt(i)
        if (c === 79 || c === 111) out[i] = '0'
        else if (c === 108 || c === 73) out[i] = '1'
      }
    }
    chainStart = -1
    digits = 0
    letters = 0
  }
  for (let i = 0; i < n; ) {
    if (!isWordChar(text.charCodeAt(i))) {
      // A gap: 1 to 3 separators or brackets between two words keep the chain; anything else ends it.
      let j = i
      while (j < n && j - i <= 3 && !isWordChar(text.charCodeAt(j)) && isNumberChar(text.charCodeAt(j))) j += 1
      if (j === i || j - i > 3 || j >= n || !isWordChar(text.charCodeAt(j))) close()
      i = j === i ? i + 1 : j
      continue
    }
    let end = i
    while (end < n && isWordChar(text.charCodeAt(end))) end += 1
    // A Latin phone label glued before the word is no part of it.
    let from = i
    const label = LATIN_LABEL.exec(text.slice(i, Math.min(end, i + 9)))
    if (label !== null && end - i > label[0].length) {
      close()
      from = i + label[0].length
    }
    let d = 0
    let l = 0
    let word = true
    for (let k = from; k < end && word; k += 1) {
      const c = text.charCodeAt(k)
      if (isDigitOrNumeral(c)) d += 1
      else if (c === 79 || c === 111 || c === 108 || c === 73) l += 1
      // An id's last X: no Latin letter or digit after it (a numeral may be: 身份证…002X二〇二六年).
      else if (!((c === 88 || c === 120) && k > from && !isAlnum(text.charCodeAt(k + 1)))) word = false
    }
    if (!word) close()
    else {
      if (chainStart < 0) chainStart = from
      chainEnd = end
      digits += d
      letters += l
    }
    i = end
  }
  close()
  return out === undefined ? text : out.join('')
}
const LATIN_LABEL = /^(?:telephone|cellphone|mobile|phone|cell|fax|mob|tel)/i
/** What a word of `foldLetters`' chain is written with: a Latin letter, a digit, a numeral (幺三八O0l三八000). */
const isWordChar = (c: number): boolean => isAlnum(c) || isNumeral(c)

/** What a number holding Chinese numerals is written with: a numeral, a digit, a separator, a bracket. */
const isNumeralChar = (c: number): boolean => isNumeral(c) || isNumberChar(c)
/**
 * Could this text hold a number in Chinese numerals: 7 numerals and digits or more (the shortest number, a local one
 * after a label, has 7), one a numeral at least, in a run of numerals, digits, separators and brackets? Only every 7th
 * character is looked at, as `mayHoldNumber` does: most text holds no run of numerals that long (三天后, 十二月,
 * 二〇二六年: 4 at most), and a run of digits alone (a timestamp, a number in digits) is passed over once its characters
 * are counted.
 */
const mayHoldNumeralNumber = (text: string): boolean => {
  const n = text.length
  for (let p = 6; p < n; p += 7) {
    if (!isNumeralChar(text.charCodeAt(p))) continue
    let start = p
    while (start > 0 && isNumeralChar(text.charCodeAt(start - 1))) start -= 1
    let end = p + 1
    while (end < n && isNumeralChar(text.charCodeAt(end))) end += 1
    if (end - start >= 7) {
      let numeral = false
      let digits = 0
      for (let i = start; i < end; i += 1) {
        const c = text.charCodeAt(i)
        if (isNumeral(c)) numeral = true
        else if (!isDigit(c)) continue
        if ((digits += 1) >= 7 && numeral) return true
      }
    }
    p = end
  }
  return false
}

/** O, o, l or I: a letter typed for a digit (`foldLetters`). */
const isDigitLetter = (c: number): boolean => c === 79 || c === 111 || c === 108 || c === 73
/**
 * Could this text hold a number with Latin letters typed for digits (`foldLetters`): a run of 10 or more digits,
 * numerals, such letters, separators and brackets, 4 of them digits or numerals and one such a letter at least? Every 7th character looked at, as
 * `mayHoldNumber` does; prose (no digit in a run of o, l and I) is passed over.
 */
const mayHoldLetterNumber = (text: string): boolean => {
  const n = text.length
  const inRun = (c: number): boolean => isNumeralChar(c) || isDigitLetter(c)
  for (let p = 6; p < n; p += 7) {
    if (!inRun(text.charCodeAt(p))) continue
    let start = p
    while (start > 0 && inRun(text.charCodeAt(start - 1))) start -= 1
    let end = p + 1
    while (end < n && inRun(text.charCodeAt(end))) end += 1
    if (end - start >= 10) {
      let digits = 0
      let letters = 0
      for (let i = start; i < end; i += 1) {
        const c = text.charCodeAt(i)
        if (isDigitOrNumeral(c)) digits += 1
        else if (isDigitLetter(c)) letters += 1
      }
      if (letters > 0 && digits >= 4 && digits + letters >= 10) return true
    }
    p = end
  }
  return false
}

/**
 * A number's mask (`maskPhone`, `maskIdNumber`, …: digits, X and stars, one for each of its digits) written in the
 * characters of the number as `shown` writes it: each kept digit (or X) as written there, each masked one a star; the
 * separators dropped, as the mask drops them (幺三八 一二三四 五六七八 → 幺三八****五六七八). The mask itself if the two do
 * not line up (they always do).
 */
const inNumerals = (masked: string, shown: string): string => {
  let out = ''
  let i = 0
  for (const c of shown) {
    if (isSeparator(c.charCodeAt(0))) continue
    out += masked[i] === '*' ? '*' : c
    i += 1
  }
  return i === masked.length ? out : masked
}

/**
 * A phone, id, card or landline number holding Chinese numerals with a numeral word (or a digit) right before or after
 * it, read by `NUMBER_IN_TEXT` as
 * part of a longer run (张三一三八一二三四五六七八, 电话一三八一二三四五六七八一直没人接: a name ending in a numeral, 一直,
 * 第一): in a run of numerals a numeral may be a word's, not a digit's, as no digit is. So where `NUMBER_IN_TEXT` found
 * no number, a run of numerals is read for an id number (18 characters) or a mobile in it, the leftmost first, an id
 * before a mobile (an id number may begin 13 to 19: 15 is Inner Mongolia's); and where the run holds 18 characters that
 * read as an id number as issued (`passesIdCheck`: a birth date, its check), they are the id, where they stand (李四
 * before 一一〇一〇五一九四九一二三一〇〇二X: its 四 is the name's). Decided: otherwise a numeral word before a number
 * cannot be told from its first digit — read with the number's first digits (its region's shown, its birth date
 * masked): the number never reads in full. Not the old 15-digit id (out of use since 2013) here: 15 of a longer run
 * would be read before a mobile in it (四 before a mobile, 二〇二六 after it); alone, it is `NUMBER_IN_TEXT`'s. After
 * those, a card (16 to 19 that are neither: the longest from the run's start that passes the Luhn check, 卡号六二二二…九四
 * 一直) and a landline whose area code a separator ends (〇四七一-一二三四五六七二〇二六年…: its 8 digits if there are
 * 8). A number so read in digits alone is left: the digits pass's rule is the one for it. Found in review (session 46):
 * a grouped id, a card or a landline with a numeral word after it read in full.
 */
const NUMERAL_RUN_NUMBER = /(?<![A-Za-z])(?:([1-9]\d{5}(?:\d{11}|(?: ?[ -] ?)\d{8}(?: ?[ -] ?)\d{3}|(?: ?[ -] ?)\d{4}(?: ?[ -] ?)\d{4}(?: ?[ -] ?)\d{3}|\.\d{8}\.\d{3}|\.\d{4}\.\d{4}\.\d{3})[\dXx])|(1[3-9]\d(?:(?: ?[ -] ?)?\d{4}(?: ?[ -] ?)?|\.\d{4}\.)\d{4})|([1-9]\d{15,18})|(0[1-9]\d{1,2}(?: ?[ -] ?)\d{7,8}))(?![A-Za-z])/g

/**
 * Do 18 characters read as an id number as issued (GB 11643-1999, 公民身份号码): 17 digits and a digit or X, the 7th to
 * 14th a birth date (§6.2: a year 18xx to 20xx, a month 01 to 12, a day 01 to 31), the last the check of the first 17
 * (§8.2, ISO 7064 MOD 11-2: the digits weighted 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, their sum mod 11 giving it by
 * 1 0 X 9 8 7 6 5 4 3 2)? Two of a run's windows pass both by chance once in some thousand runs.
 */
const passesIdCheck = (id: string): boolean => {
  let sum = 0
  for (let i = 0; i < 17; i += 1) {
    const d = id.charCodeAt(i) - 48
    if (d < 0 || d > 9) return false
    sum += d * (ID_WEIGHTS[i] as number)
  }
  const century = id.slice(6, 8)
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  if ((century !== '18' && century !== '19' && century !== '20') || month < 1 || month > 12 || day < 1 || day > 31) return false
  return '10X98765432'[sum % 11] === id.charAt(17).toUpperCase()
}
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

/** `text` with every number `NUMERAL_RUN_NUMBER` finds in its numerals masked, but those in `keep`. */
const maskNumeralRuns = (text: string, keep: ReadonlySet<string> | undefined): string => {
  const folded = foldNumerals(text)
  let out = ''
  let done = 0
  NUMERAL_RUN_NUMBER.lastIndex = 0
  for (let m = NUMERAL_RUN_NUMBER.exec(folded); m !== null; m = NUMERAL_RUN_NUMBER.exec(folded)) {
    const [found, id18, mobile, card, landline] = m
    let start = m.index
    let all = found
    // A card (a run of 16 to 19 that is no id or mobile, a numeral word after it: 卡号六二二二…九四一直): the longest of
    // it from its start that passes the Luhn check.
    let cardDigits: string | undefined
    if (card !== undefined) {
      for (let length = card.length; length >= 16 && cardDigits === undefined; length -= 1) if (passesLuhn(card.slice(0, length))) cardDigits = card.slice(0, length)
      if (cardDigits === undefined) {
        NUMERAL_RUN_NUMBER.lastIndex = m.index + 1
        continue
      }
      all = cardDigits
      NUMERAL_RUN_NUMBER.lastIndex = m.index + all.length
    }
    // An id number that passes its check, in the run from here: the id, where it stands.
    let runEnd = start
    while (runEnd < folded.length && isDigit(folded.charCodeAt(runEnd))) runEnd += 1
    if (runEnd < folded.length && (folded[runEnd] === 'X' || folded[runEnd] === 'x')) runEnd += 1
    for (let at = start; at + 18 <= runEnd; at += 1) {
      const id = folded.slice(at, at + 18)
      if (id.charCodeAt(0) !== 48 && passesIdCheck(id)) {
        start = at
        all = id
        NUMERAL_RUN_NUMBER.lastIndex = at + 18
        break
      }
    }
    // A number in digits alone is the digits pass's (`NUMBER_IN_TEXT`: one it left is no number there).
    if (!HAS_NUMERAL_OR_LETTER.test(text.slice(start, start + all.length))) continue
    if (keep !== undefined && keep.has(numberKey(all))) continue
    const masked = cardDigits !== undefined && all === cardDigits ? maskCardNumber(all) : all !== found ? maskIdNumber(all) : landline !== undefined ? maskPhone(landline) : mobile === undefined ? maskIdNumber((id18 ?? all).replace(/[ .-]/g, '')) : maskPhone(mobile.replace(/[ .-]/g, ''))
    out += text.slice(done, start) + inNumerals(masked, text.slice(start, start + all.length))
    done = start + all.length
  }
  return done === 0 ? text : out + text.slice(done)
}

/**
 * A phone label (`NUMBER_IN_TEXT`'s, before a local number): 电话, 座机, 手机, 传真 (联系电话, 电话号码: what ends in them, 号
 * or 号码 allowed after), or a Latin one not glued to a letter before it, then up to 3 spaces, a mark (`isLabelMark`, a
 * hyphen) and up to 3 spaces. Each part bounded: no backtracking over the text.
 */
const PHONE_LABEL = /(?:(?<![A-Za-z])(?:telephone|cellphone|mobile|phone|cell|fax|mob|tel)|电话|座机|手机|传真)(?:号码?)? {0,3}[-:：.#]? {0,3}/giu

/**
 * `text` with every local number in numerals after a phone label that a numeral word goes on from masked (电话六六一二三四五六
 * 一直打不通): `NUMBER_IN_TEXT` reads a local number only where no digit follows it, and here the word's numeral is one —
 * the run (10 numerals) is no number, and the numerals pass's run reader (`NUMERAL_RUN_NUMBER`) reads ids, mobiles, cards
 * and landlines, no local number. Found in review (session 47): read in full. The first 8 digits and numerals after the
 * label (one space or hyphen between two of them allowed, wherever it stands: 电话二〇〇 〇〇〇〇一直), the first 2 to 9 as a
 * local number's — or 7, where the run ends there — are the number, one at least a numeral, not glued to a Latin letter
 * after; masked as a local number, its last 4 kept, in the characters as written.
 *
 * Asked twice. Before the run reader, of a run shorter than an id (`runFrom`, under 15: `idLong` false) — there the run
 * reader would read a mobile from the local number's second digit on (Tel: 413000洞0二〇二六年 as 13000002026, 4130
 * shown). After it (`idLong`), of what it left: a run as long as an id is the run reader's first (an id or a card after
 * the label, its birth date or middle masked), read here only where it read nothing (what it masked ends the run: a star
 * is no digit).
 *
 * Decided: 8, not 7. A numeral word cannot be told from a number's last digit (电话六六一二三四五一直 is 6612345 and 一直,
 * or 66123451 and 直): reading 8 masks one character more of a 7-digit number (****三四五一直: 4 of its 7 hidden, not 3);
 * reading 7 would show 5 of an 8-digit number's digits. A number in digits alone is the digits pass's (电话6612345一直:
 * `***2345一直`, its rule: the numeral there begins a word), as is one the passes before masked (a mobile, an id).
 */
const maskLocalsAfterLabel = (text: string, keep: ReadonlySet<string> | undefined, idLong: boolean): string => {
  let out = ''
  let done = 0
  PHONE_LABEL.lastIndex = 0
  for (let m = PHONE_LABEL.exec(text); m !== null; m = PHONE_LABEL.exec(text)) {
    const start = m.index + m[0].length
    if (!idLong && runFrom(text.slice(start, start + PROBE)) >= 15) continue
    let digits = ''
    let numeral = false
    let separated = false
    let at = start
    for (; at < text.length && digits.length < 8; at += 1) {
      const c = text.charCodeAt(at)
      const digit = isDigit(c) ? String((c >= 0xff10 ? c - 0xff10 : c - 48)) : NUMERAL_DIGITS[text.charAt(at)]
      if (digit !== undefined) {
        digits += digit
        numeral ||= !isDigit(c)
      } else if ((c === 32 || c === 45 || c === 0x3000 || c === 0xff0d) && !separated && digits.length > 0 && isDigitOrNumeral(text.charCodeAt(at + 1))) separated = true
      else break
    }
    // Glued to a Latin letter, it is part of something longer (as `NUMBER_IN_TEXT` reads digits).
    const next = text.charCodeAt(at)
    if (digits.length < 7 || !numeral || digits.charCodeAt(0) < 50 || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) continue
    if (keep !== undefined && keep.has(digits)) continue
    out += text.slice(done, start) + inNumerals(maskPhone(digits), text.slice(start, at))
    done = at
    PHONE_LABEL.lastIndex = at
  }
  return done === 0 ? text : out + text.slice(done)
}

/** A Latin letter or an ASCII or full-width digit: what a number touching it is part of (`NUMBER_IN_TEXT`'s rule). */
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
/** A space or hyphen, ASCII or full-width: what a mobile's groups are separated by (`maskRegroupedMobiles`). */
const isGroupSeparator = (c: number): boolean => c === 32 || c === 45 || c === 0x3000 || c === 0xff0d

/**
 * `text` with every mobile grouped otherwise than `NUMBER_IN_TEXT` reads one (3-4-4) masked: its 11 digits (ASCII,
 * full-width or numerals) in 2 or 3 groups of 2 digits or more, one and the same separator between them (a space or a
 * hyphen, ASCII or full-width, a space either side allowed: `1381 234 5678`, `13 8123 45678`, `13812 345678`,
 * `１３８１　２３４　５６７８`, `幺三八一 二三四 五六七八`). Found in review (session 47): read in full. Not where it touches a
 * Latin letter or a digit, follows one and a hyphen, or goes on with its separator and a digit (a 4th group: thousands
 * grouped, `13 800 138 000`, or a list of counts). Masked as `NUMBER_IN_TEXT`'s mobile is (`138****5678`, full-width
 * `１３８＊＊＊＊５６７８`, in numerals character for character), the separators dropped. A linear scan: each start reads
 * at most 11 digits and their separators.
 */
const maskRegroupedMobiles = (text: string, keep: ReadonlySet<string> | undefined): string => {
  let out = ''
  let done = 0
  const n = text.length
  for (let start = 0; start < n; start += 1) {
    const first = text.charCodeAt(start)
    if (first !== 49 && first !== 0xff11 && NUMERAL_DIGITS[text.charAt(start)] !== '1') continue
    const before = start === 0 ? 0 : text.charCodeAt(start - 1)
    if (isAlnum(before) || (before === 45 && start >= 2 && isAlnum(text.charCodeAt(start - 2)))) continue
    // Nor right after a numeral: it may be the number's own first digit (座机陆130 0000一: 6130 0000; 184八1320392 二〇二六:
    // a mobile in digits and numerals), read from there its head would show (found by the property). Decided: a numeral
    // word glued before a mobile so grouped (张三1381 234 5678) is then not read here.
    if (isNumeral(before)) continue
    let digits = ''
    let wide = false
    let numeral = false
    let separator: string | undefined
    let groups = 1
    let group = 0
    let at = start
    while (at < n && digits.length < 11) {
      const c = text.charCodeAt(at)
      const d = isDigit(c) ? String(c >= 0xff10 ? c - 0xff10 : c - 48) : NUMERAL_DIGITS[text.charAt(at)]
      if (d !== undefined) {
        digits += d
        wide ||= c >= 0xff10 && c <= 0xff19
        numeral ||= !isDigit(c)
        group += 1
        at += 1
        continue
      }
      // A separator: one group separator, a space either side allowed; the same one each time.
      let end = at
      if (text.charCodeAt(end) === 32 && isGroupSeparator(text.charCodeAt(end + 1))) end += 1
      if (!isGroupSeparator(text.charCodeAt(end))) break
      end += 1
      if (text.charCodeAt(end) === 32) end += 1
      const unit = text.slice(at, end)
      if (group < 2 || (separator !== undefined && unit !== separator) || (groups += 1) > 3) break
      separator = unit
      group = 0
      at = end
    }
    if (digits.length < 11 || groups < 2 || group < 2 || digits.charCodeAt(1) < 51) continue
    // Not glued to what follows: a letter or digit, a hyphen and one, its separator and a digit (a 4th group).
    const next = text.charCodeAt(at)
    if (isAlnum(next) || (next === 45 && isAlnum(text.charCodeAt(at + 1)))) continue
    // A numeral after a numeral where the numerals pass reads a number from here in a run of 18 (`numeralsPassReads`: an
    // id in numerals grouped 6-8-4): its group goes on, the number is that pass's. Else the numeral begins a word
    // (1381 234 5678一直, 1398 071 017〇叁仟元整, 1300 210 000洞二〇二六年): masking it is the safer reading.
    if (isNumeral(next) && isNumeral(text.charCodeAt(at - 1)) && idLongFrom(text, start) && numeralsPassReads(text.slice(start, start + PROBE))) continue
    // (A numeral there may begin a word: 1793 5349 081 叁仟元整, found by the property.)
    if (separator !== undefined && text.startsWith(separator, at) && isDigit(text.charCodeAt(at + separator.length))) continue
    if (keep !== undefined && keep.has(digits)) continue
    const shown = text.slice(start, at)
    const phone = maskPhone(digits)
    out += text.slice(done, start) + (numeral ? inNumerals(phone, shown) : wide ? widen(phone) : phone)
    done = at
    start = at - 1
  }
  return done === 0 ? text : out + text.slice(done)
}

/** Do 18 digits and numerals (an id's length, its last an X maybe) go on from `start`, a space or hyphen between groups (`isGroupSeparator`, up to 3 in a row)? */
const idLongFrom = (text: string, start: number): boolean => {
  let count = 0
  let gap = 0
  for (let i = start; i < text.length && count < 18; i += 1) {
    const c = text.charCodeAt(i)
    if (isDigitOrNumeral(c) || (count === 17 && (c === 88 || c === 120 || c === 0xff38))) {
      count += 1
      gap = 0
    } else if (!isGroupSeparator(c) || (gap += 1) > 3) break
  }
  return count >= 18
}

/** The Luhn check (ISO/IEC 7812-1) a bank card number's last digit makes pass. */
const passesLuhn = (digits: string): boolean => {
  let sum = 0
  for (let i = digits.length - 1, double = false; i >= 0; i -= 1, double = !double) {
    const d = digits.charCodeAt(i) - 48
    sum += double ? (d > 4 ? 2 * d - 9 : 2 * d) : d
  }
  return sum % 10 === 0
}

/** A bank card number keeps its first 6 (the issuer) and last 4 digits: `622202*********0128`. */
const maskCardNumber = (digits: string): string => `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`

/** A number with its area code in brackets, masked where it stands: every digit but the last 4 a star, the rest kept. */
const maskInPlace = (written: string, folded: string): string => {
  let digits = 0
  for (let i = 0; i < folded.length; i += 1) if (isDigit(folded.charCodeAt(i))) digits += 1
  let out = ''
  for (let i = 0; i < folded.length; i += 1) {
    const c = written[i] as string
    if (!isDigit(folded.charCodeAt(i)) || digits <= 4) out += c
    else out += c.charCodeAt(0) >= 0xff10 ? '＊' : '*'
    if (isDigit(folded.charCodeAt(i))) digits -= 1
  }
  return out
}

/** A phone, id or card number as compared with the reader's own: its digits (and X), ASCII, without a +86/86 before a mobile. */
const numberKey = (number: string): string => {
  const key = foldWidth(number).replace(/[^\dXx]/g, '').toUpperCase()
  return key.length === 13 && key.startsWith('861') ? key.slice(2) : key
}

/**
 * `text` with every phone, id and card number in it masked (`NUMBER_IN_TEXT`), in digits and then in Chinese numerals
 * (`foldNumerals`, then `NUMERAL_RUN_NUMBER`), except those whose `numberKey` is in `keep` (the reader's own); `text`
 * itself when there is none. Each pass looked for only where its pre-filter (`mayHoldNumber`, `mayHoldNumeralNumber`)
 * says it may find one.
 */
const numbersInText = (text: string, keep: ReadonlySet<string> | undefined): string => {
  const digits = mayHoldNumber(text)
  const numerals = mayHoldNumeralNumber(text) || mayHoldLetterNumber(text)
  if (!digits && !numerals) return text
  const maskAll = (t: string): string => {
    // Mobiles grouped otherwise before the numerals pass: its run reader would read one from inside them (13 001300000二〇二六年:
    // 13000002026, 00130 shown).
    const once = maskRegroupedMobiles(digits ? maskNumbers(t, keep, foldWidth) : t, keep)
    return numerals ? maskLocalsAfterLabel(maskNumeralRuns(maskLocalsAfterLabel(maskNumbers(once, keep, foldNumerals), keep, false), keep), keep, true) : once
  }
  // Masked again until nothing changes, so masking is idempotent by construction: stars where digits were can let a
  // number be read that digits blocked (`1010 0100 0001 0000 13701300000`: once the mobile is 137****0000, its kept
  // 137 ends the groups before it as a card's tail). It ends: a pass that changes the text masks a number, and so leaves
  // fewer digits. Most texts take one pass and a check; a second masking takes more (a non-number beside a number), not
  // less.
  let before = text
  let out = maskAll(text)
  while (out !== before) {
    before = out
    out = maskAll(out)
  }
  return out
}

/** `NUMBER_IN_TEXT`, sticky: is there a number starting right here (the kept last digits of one masked)? */
const NUMBER_HERE = new RegExp(NUMBER_IN_TEXT.source, 'giy')
/** `NUMBER_IN_TEXT`'s card alternative (groups 6 to 8), as written there. */
const CARD_SOURCE = String.raw`([1-9]\d{15,18}|[1-9]\d{3}([ .-])\d{4}\7\d{4}\7\d{4}(?:\7(\d{1,3}))?)`
/**
 * `NUMBER_HERE` without its card alternative (it never matches; its groups stay, undefined): what else starts where
 * digits in groups read as a card that fails the Luhn check — a local number after a label (`TEL2100 0000 0000 0200`:
 * 2100 0000), the one alternative tried after the card's.
 */
const NO_CARD_HERE = ((): RegExp => {
  if (!NUMBER_IN_TEXT.source.includes(CARD_SOURCE)) throw new Error('mask.ts: NUMBER_IN_TEXT no longer holds CARD_SOURCE')
  return new RegExp(NUMBER_IN_TEXT.source.replace(CARD_SOURCE, '((?!)()())'), 'giy')
})()
/**
 * How much of the text after a masked number `maskNumbers` reads for one its kept digits begin: the longest a number's
 * match is (a card in groups with a tail, 23 characters, 4 of them the kept digits) and what its lookahead reads after
 * it (a hyphen and an extension, 6), with room to spare.
 */
const PROBE = 40

/** A match read: where its number starts and ends, and its mask as written (undefined: a number kept in clear). */
interface NumberRead {
  readonly numberStart: number
  readonly end: number
  readonly masked: string | undefined
}

/**
 * A match of `NUMBER_IN_TEXT` (or `NUMBER_HERE`) read: its number, and its mask in the shape of the structured fields
 * (full-width if it was written so; `written` gives the text as written between two positions of the match's string);
 * undefined when it is no number (a card's digits failing the Luhn check, with no card of 16 in them).
 */
const readNumber = (m: RegExpExecArray, written: (from: number, to: number) => string, wide: boolean, keep: ReadonlySet<string> | undefined, numeral: boolean): NumberRead | undefined => {
  const [all, prefix, mobile, bracketed, landline, groupedId, card, separator, tail, local, spaced] = m
  const start = m.index
  let end = start + all.length
  const id = groupedId?.replace(/[ .-]/g, '')
  let number = mobile?.replace(/[ .-]/g, '') ?? bracketed ?? landline ?? id ?? local ?? spaced?.replace(/[ .-]/g, '') ?? all
  if (card !== undefined) {
    number = card.replace(/[ .-]/g, '')
    if (!passesLuhn(number)) {
      // 4 groups of 4 that pass, then a space and 1 to 3 digits (a card, then a count): the card is the 16.
      if (tail === undefined || separator !== ' ' || !passesLuhn(number.slice(0, 16))) return undefined
      number = number.slice(0, 16)
      end -= 1 + tail.length
    }
  }
  const numberStart = start + (prefix?.length ?? 0)
  if (keep !== undefined && keep.has(numberKey(number))) return { numberStart, end, masked: undefined }
  const shown = written(numberStart, end)
  // The numerals pass reads digits too: a number in digits alone is the digits pass's, which masked it, or left it.
  if (numeral && !HAS_NUMERAL_OR_LETTER.test(shown)) return { numberStart, end, masked: undefined }
  // A local number a numeral goes on from (电话6612345〇一九九〇…) may be the head of a number in digits and numerals
  // (an id: read here, its first 8 digits would be masked and its birth date after them shown): the numerals pass's,
  // when the run from its start is as long as an id (15 digits and numerals or more) and that pass reads a number
  // starting there (its 7th digit masked: an id or a card keeps 6). A shorter run is no id, and the numerals pass reads
  // no local number a numeral word is glued to (电话66123456一直: 9, no number's length); nor a run of 16 that fails
  // the Luhn check (电话66123456一二三四五六七八): masked here (found in review: handed on, both read in full).
  if (!numeral && local !== undefined && HAS_NUMERAL.test(written(end, end + 1)) && numeralsPassReads(written(numberStart, numberStart + PROBE)))
    return { numberStart, end, masked: undefined }
  if (bracketed !== undefined) return { numberStart, end, masked: maskInPlace(shown, bracketed) }
  const masked = id !== undefined ? maskIdNumber(id) : card !== undefined ? maskCardNumber(number) : maskPhone(number)
  if (HAS_NUMERAL_OR_LETTER.test(shown)) return { numberStart, end, masked: inNumerals(masked, shown) }
  return { numberStart, end, masked: wide && hasFullWidthDigit.test(shown) ? widen(masked) : masked }
}

/**
 * How many digits and numerals a run at the start of `text` holds, up to 15: separators (`isSeparator`) between them
 * count as none, up to 3 in a row (` - `), as an id grouped 6-8-4 has them.
 */
const runFrom = (text: string): number => {
  let count = 0
  let gap = 0
  for (let i = 0; i < text.length && count < 15; i += 1) {
    const c = text.charCodeAt(i)
    if (isDigitOrNumeral(c)) {
      count += 1
      gap = 0
    } else if (!isSeparator(c) || (gap += 1) > 3) break
  }
  return count
}

/**
 * Does the numerals pass read a number from the start of `run` (a local number's digits and what follows, no label
 * before them: an id or a card, not a local number), masking its 7th digit? Asked only of a run as long as an id.
 */
const numeralsPassReads = (run: string): boolean => {
  if (runFrom(run) < 15) return false
  let seventh = 0
  for (let digits = 0; seventh < run.length; seventh += 1) if (isDigitOrNumeral(run.charCodeAt(seventh)) && (digits += 1) === 7) break
  const read = maskNumeralRuns(maskNumbers(run, undefined, foldNumerals), undefined)
  return read.length === run.length ? read[seventh] !== run[seventh] : read.slice(0, seventh + 1) !== run.slice(0, seventh + 1)
}

/** Do digits go on at `at` (a digit, or a separator or bracket and a digit)? */
const digitsAt = (folded: string, at: number): boolean => {
  const c = folded.charCodeAt(at)
  return isDigit(c) || (isNumberChar(c) && isDigit(folded.charCodeAt(at + 1)))
}

/**
 * `numbersInText` for a text that may hold one (apart: the pre-filter, called for every string, stays small).
 *
 * Idempotent: the text comes out as masking it again would leave it. Every mask ends in its number's last 4 digits
 * (kept), which in the text follow digits and in the masked text stars: a number they begin is read only the second
 * time (`0102000471-4567890`: 010-2000471, masked `******0471`; then 0471-4567890). So where a masked number's digits
 * go on after it, the mask and what follows (`PROBE`) are read for a number starting at its kept digits, as a second
 * masking would read them, and so on for that one's. Nothing else changes between the two: no match starts right
 * after a digit (or a digit and a hyphen), so none before a masked number ended blocked by it, or can end in its kept
 * first digits; and one starting after it sees the same digits before it as in the text.
 */
const maskNumbers = (text: string, keep: ReadonlySet<string> | undefined, fold: (text: string) => string): string => {
  const folded = fold(text)
  const numeral = fold === foldNumerals
  const wide = folded !== text
  const found = NUMBER_IN_TEXT
  found.lastIndex = 0
  let out = ''
  let done = 0
  for (let m = found.exec(folded); m !== null; m = found.exec(folded)) {
    let read = readNumber(m, (from, to) => text.slice(from, to), wide, keep, numeral)
    if (read === undefined) {
      // No card: another number may start here (a local one after a label), or after its first digit (a mobile after
      // "1234 5678 ").
      NO_CARD_HERE.lastIndex = m.index
      const other = NO_CARD_HERE.exec(folded)
      read = other === null ? undefined : readNumber(other, (from, to) => text.slice(from, to), wide, keep, numeral)
      if (read === undefined) {
        found.lastIndex = m.index + 1
        continue
      }
    }
    found.lastIndex = read.end
    if (read.masked === undefined) continue
    out += text.slice(done, read.numberStart)
    done = read.end
    // A number its kept digits begin (probe: the mask, then what follows it; `from`: where its kept digits are).
    let shape = read.masked
    while (digitsAt(folded, done)) {
      const from = shape.length - 4
      const after = done
      const probe = fold(shape) + folded.slice(after, after + PROBE)
      NUMBER_HERE.lastIndex = from
      const here = NUMBER_HERE.exec(probe)
      if (here === null) break
      const kept = shape.slice(from) + text.slice(after, after + PROBE)
      const next = readNumber(here, (a, b) => kept.slice(a - from, b - from), wide, keep, numeral)
      if (next === undefined) break
      found.lastIndex = after + next.end - shape.length
      if (next.masked === undefined) break
      out += shape.slice(0, from) + kept.slice(0, next.numberStart - from)
      done = found.lastIndex
      shape = next.masked
    }
    out += shape
  }
  return done === 0 ? text : out + text.slice(done)
}

const phoneKeys = new Set(['phone', 'mobile', 'telephone', 'tel', 'contactPhone'])
const idKeys = new Set(['idNumber', 'idCard', 'identityNumber'])
const addressKeys = new Set(['address', 'homeAddress', 'residence'])
/** Objects under these keys describe people, so their `name` is personal (a unit's `name` is not). */
const personKeys = new Set(['complainant', 'party', 'parties', 'applicant', 'applicants', 'respondent', 'respondents', 'contact', 'person', 'resident'])
/**
 * Under these keys a string (or each string of an array) is a person's name: a party named in a consent, a
 * signature, an application (`applicant`, `consentedBy`), an extension (`agreedBy`) or a session (`attendees`).
 */
const nameKeys = new Set(['party', 'applicant', 'respondent', 'consents', 'consentedBy', 'agreedBy', 'attendees', 'signatories'])

/**
 * Under these keys a string is a resident's account id (the token's `sub`): a person record's `residentId`, the case's
 * `ownerId` (who raised it), `recordedBy` (who recorded a consent: a resident for itself). An identifier, not text, and
 * not personal data on its own (docs/erasure.md: never sealed, access rules need it in clear): masking leaves it as it
 * is, as it leaves the id of a step's actor (`maskPersonalData` masks a resident actor's name, not its id). The walks
 * that mask numbers in free text passed it through as text, so an account id shaped like a phone number
 * (`13800471234`) was masked as one (`138****1234`) and any other shape was not, and one account read two ways in one
 * view: found in review, a supervisor read a 举报's `complainant.residentId` (shown in full to it) in clear beside the
 * case's `ownerId` masked, and a resident its own `ownerId` masked. Whoever may not know who made a 举报 gets neither
 * (`withoutReporterAccount`).
 */
const accountKeys: ReadonlySet<string> = new Set(['residentId', 'ownerId', 'recordedBy'])

const maskValue = (value: unknown, inPerson: boolean): unknown => {
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (let i = 0; i < value.length; i += 1) {
      const v: unknown = value[i]
      if (!isPersonalDocumentRef(v)) out.push(maskValue(v, inPerson))
    }
    return out
  }
  if (typeof value !== 'object' || value === null) return value
  // An actor who is a resident is a person too (an official's name is the office's, not personal data).
  const resident = (value as { role?: unknown }).role === 'resident'
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    const v = bareDocuments(key, field, seesNone)
    if (v === NONE) continue
    // An erased field (crypto-shredded, see sealed.ts) reads as erased, masked or not.
    if (isGone(v)) out[key] = v
    else if (typeof v === 'string' && phoneKeys.has(key)) out[key] = maskPhone(v)
    else if (typeof v === 'string' && idKeys.has(key)) out[key] = maskIdNumber(v)
    else if (typeof v === 'string' && addressKeys.has(key)) out[key] = maskAddress(v)
    else if (typeof v === 'string' && (inPerson || resident) && key === 'name') out[key] = maskName(v)
    else if (typeof v === 'string' && nameKeys.has(key)) out[key] = maskName(v)
    else if (Array.isArray(v) && nameKeys.has(key)) out[key] = v.map((x) => (isGone(x) ? x : typeof x === 'string' ? maskName(x) : maskValue(x, true)))
    else out[key] = maskValue(v, personKeys.has(key))
  }
  return out
}

/**
 * Masks phones, id numbers and addresses anywhere, and names of people (complainant, parties, the parties named in
 * signatures, applications, consents and sessions, a resident acting), in a copy of a JSON value; leaves out the
 * references to personal documents (`withoutPersonalDocuments`: every kind of them). Free text stays as written: the names and
 * the phone and id numbers in it are `maskNamesInText`'s (both at once: `maskPersonalDataAndNames`).
 */
export const maskPersonalData = <T>(value: T): T => maskValue(value, false) as T

/**
 * The people a case names — a dispute's parties, a complainant — whose names `maskNamesInText` and
 * `maskPersonalDataAndNames` then mask in its free text: read from the case's state, or from the event that opened it
 * (`DisputeReported`, `ComplaintRegistered`: a case's complainant and parties are set when it is opened and kept as
 * given, so the opening event names the same people as the state). Parties first, then the complainant, each name
 * followed by the person's address, then the case's address (masked in free text as a name is); a value that was erased
 * (crypto-shredded) names no one. Every command's answer asks: a loop, not a spread and a flatMap.
 */
export const peopleNamed = (stateOrOpening: unknown): string[] => {
  const names: string[] = []
  if (typeof stateOrOpening !== 'object' || stateOrOpening === null) return names
  const record = stateOrOpening as Record<string, unknown>
  const known = (value: unknown): void => {
    if (typeof value === 'string' && !isGone(value)) names.push(value)
  }
  const add = (p: unknown): void => {
    if (typeof p !== 'object' || p === null) return
    known((p as { name?: unknown }).name)
    for (const address of addressesOf(p)) known(address)
  }
  const parties = record['parties']
  if (Array.isArray(parties)) for (const p of parties as unknown[]) add(p)
  add(record['complainant'])
  // The case's address too (a complainant's home, often): free text repeats it as it repeats names, and is masked as
  // they are (found in review: a list masked the `address` field and showed it in the description beside it).
  for (const address of addressesOf(record)) known(address)
  return names
}

/**
 * The address a person or case record gives, to mask in free text: only one long enough to place someone (six
 * characters or more) — a city or a building number alone (北京, 1号) would mask every text that mentions it (found in
 * review: 北京市朝阳区 read 北*市朝阳区).
 */
export const addressOf = (record: object): string | undefined => {
  const address = (record as { address?: unknown }).address
  return typeof address === 'string' && [...address.trim()].length >= ADDRESS_IN_TEXT_MIN ? address : undefined
}
const ADDRESS_IN_TEXT_MIN = 6

/**
 * Where an address's leading place names end: after a province, city, district, county, banner, league, prefecture,
 * town, township (苏木, Inner Mongolia's), street (街道), estate (小区), community or village (嘎查, Inner Mongolia's), or a
 * road, street or lane (路 街 巷 胡同 弄: an address with no estate, 通道南街幸福巷12号), the rest still names the place.
 */
const PLACE_LEVEL = /(?:街道|小区|社区|胡同|苏木|嘎查|[省市区县旗盟州镇乡村路街巷弄])/gu

/**
 * The strings that give a person's or a case's address in free text (`addressOf`, then each tail of it after a place
 * level, `PLACE_LEVEL`, longer first, six characters or more): free text seldom repeats a whole address — a mediator
 * writes 住新华小区3号楼2单元201, not 住呼和浩特市赛罕区新华小区3号楼2单元201 (found in review: the minutes read in full
 * in every masked view, the event log and the auditor's history). A tail runs to the address's end (the door), so a
 * district or an estate alone (赛罕区, 新华小区) is not looked for; an address with no door after its last place gives
 * no tail.
 */
export const addressesOf = (record: object): string[] => {
  const address = addressOf(record)?.trim()
  if (address === undefined) return []
  const found = [address]
  const levels = [...address.matchAll(PLACE_LEVEL)]
  // An address that ends at a place (呼和浩特市赛罕区大学东路街道, …新华小区) has no door: its tails are places alone
  // (大学东路街道, a street office's name in 大学东路街道调解委员会), looked for only whole (found in review).
  const last = levels.at(-1)
  if (last !== undefined && last.index + last[0].length === address.length) return found
  for (const level of levels) {
    const tail = address.slice(level.index + level[0].length)
    if ([...tail].length >= ADDRESS_IN_TEXT_MIN && !found.includes(tail)) found.push(tail)
  }
  // A door that ends in its room's word (201室, 101户) is often written without it (住新华小区3号楼2单元201).
  for (const whole of [...found]) {
    const bare = whole.replace(/[室户]$/u, '')
    if (bare !== whole && [...bare].length >= ADDRESS_IN_TEXT_MIN && !found.includes(bare)) found.push(bare)
  }
  const short = doorShorthand(last === undefined ? address : address.slice(last.index + last[0].length))
  if (short !== undefined && !found.includes(short)) found.push(short)
  return found
}

/**
 * A door as building-unit-room (3-2-201 for 3号楼2单元201, 5-3-502 for 88号院5号楼3单元502室): how a property office, a
 * grid worker or a mediator writes it (left alone by an earlier review: 住新华小区3-2-201 read in full). Only a door of
 * numbers and their words (号楼 栋 幢 座 院 单元 层 室 号 户), with three numbers or more, the last three taken: two
 * numbers (3组12号, 幸福巷12号) would be 3-12, a score or a date.
 */
const doorShorthand = (door: string): string | undefined => {
  const plain = canonical(door).text
  if (!DOOR.test(plain)) return undefined
  const numbers = plain.match(/\d+/gu) ?? []
  if (numbers.length < 3) return undefined
  const short = numbers.slice(-3).join('-')
  return short.length >= ADDRESS_IN_TEXT_MIN ? short : undefined
}
const DOOR = /^(?:\d+(?:号楼|号院|单元|[栋幢座院层室号户楼])?)+$/u

/**
 * `names`, and the people an event's data names that the case's state does not keep, not among them: the respondents of
 * a referral to mediation, and whoever attended a mediation session (`attendees`: not only the parties — a relative
 * speaking for one, a witness — masked there as names, so in free text too). `names` itself when there are none.
 */
export const withRespondents = (names: readonly string[], data: unknown): string[] => {
  const record = typeof data === 'object' && data !== null ? (data as { respondents?: unknown; attendees?: unknown }) : undefined
  const respondents = record?.respondents
  const attendees = record?.attendees
  if (!Array.isArray(respondents) && !Array.isArray(attendees)) return names as string[]
  const more = [...names]
  const add = (value: unknown): void => {
    if (typeof value === 'string' && !isGone(value) && !more.includes(value)) more.push(value)
  }
  if (Array.isArray(respondents)) {
    for (const r of respondents as unknown[]) {
      if (typeof r !== 'object' || r === null) continue
      add((r as { name?: unknown }).name)
      for (const address of addressesOf(r)) add(address)
    }
  }
  if (Array.isArray(attendees)) for (const a of attendees as unknown[]) add(a)
  return more
}

/**
 * The people a case's history names: those its state (or opening event) names (`peopleNamed`), and those only its
 * events name — a complaint's referral to mediation names the respondents (`respondents`), whom the complaint's state
 * does not keep; a dispute's sessions their attendees. What every masked reading of a whole history masks in its free
 * text (HTTP, the audit CLI).
 */
export const peopleInHistory = (stateOrOpening: unknown, events: readonly { readonly data: unknown }[]): string[] => {
  let names = peopleNamed(stateOrOpening)
  for (const event of events) names = withRespondents(names, event.data)
  return names
}

/**
 * Does a case's history name people its state does not keep, so that a masked reading of any one of its events needs
 * the whole history's `peopleInHistory`, not the state's `peopleNamed`? A complaint referred to mediation at least once
 * (`referrals`): the referral names the respondents, and the events after it — a note, the dispute's conclusion taken
 * back — repeat their names in free text (found in review: the event log masked 赵六 in the referral and showed it in
 * the note after it). A dispute with a session held (`sessions`): its attendees, likewise.
 */
export const namesPeopleBeyondState = (state: unknown): boolean => {
  if (typeof state !== 'object' || state === null) return false
  const { referrals, sessions } = state as { referrals?: unknown; sessions?: unknown }
  // A dispute that held a session: its attendees may be people other than its parties (found in review: 李小龙, who
  // spoke for his father, read 李** in the attendees and in full in the minutes and the agreement's terms beside them).
  return (typeof referrals === 'number' && referrals > 0) || (typeof sessions === 'number' && sessions > 0)
}

/**
 * Masks the names of known people (a dispute's parties, a complainant) wherever free text repeats them — an agreement's
 * terms (李强赔偿王芳…), a summary, minutes — in a copy of a JSON value: the structured fields `maskPersonalData` masks
 * are not enough once a mediator writes the parties' names into the text. Longer names first, so 欧阳娜娜 is not cut by 欧阳.
 * The phone, id and bank card numbers free text holds too (请联系我 13912345678 → 请联系我 139****5678; `NUMBER_IN_TEXT`), names
 * or none — but with `numbers` 'kept': a value its reader reads in full but for some people's names (a handling role
 * reading a complaint merged into a 举报: the 举报's reporter's name, not the complaint's own numbers).
 */
export const maskNamesInText = <T>(value: T, names: readonly string[], numbers: 'masked' | 'kept' = 'masked'): T => {
  const known = knownNames(names)
  const texts: NamesInText = { known, masks: known.map(maskName), numbers: numbers === 'kept' ? 'all' : undefined }
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return inText(v, texts)
    if (Array.isArray(v)) return v.map(walk)
    if (typeof v !== 'object' || v === null) return v
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' && accountKeys.has(k) ? x : walk(x)]))
  }
  return walk(value) as T
}

/** The names `maskNamesInText` looks for: trimmed, of two characters or more, each once, longer first. */
const knownNames = (names: readonly string[]): string[] => {
  // One name (a complainant's, most cases): no set, spread or sort for it.
  if (names.length === 1) {
    const name = canonical(names[0] as string).text
    return [...name].length >= 2 ? [name] : []
  }
  return [...new Set(names.map((n) => canonical(n).text).filter((n) => [...n].length >= 2))].sort((a, b) => b.length - a.length)
}

/** What free text may write otherwise than a record does: a space (half- or full-width), a full-width digit or letter. */
const LOOSE = /[\s\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/u
const LATIN = /^[A-Za-z]$/u

/** The Chinese numerals a door may be written with (三号楼, 二单元, 二〇一室, 十二栋, 两单元). */
const CN_DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
/** A run of Chinese numerals. */
const CN_RUN = /[零〇一二三四五六七八九十百两]+/gu
/** The words of a door (building, entrance, unit, floor, room): a run of numerals right before or after one is a door's number. */
const DOOR_AFTER = /^(?:号楼|号院|单元|[号楼栋幢座院层室户])/u
const DOOR_BEFORE = /(?:号楼|号院|单元|[号楼栋幢座院层室户])$/u
/** A quick test: does this text write a door's number in Chinese numerals (a numeral next to a door word)? */
const DOOR_WORD_NUMERAL = /[零〇一二三四五六七八九十百两](?:号|楼|栋|幢|座|院|单元|层|室|户)|(?:号|楼|栋|幢|座|院|元|层|室|户)[零〇一二三四五六七八九十百两]/u
/** A quick test: a numeral joined by a hyphen to a numeral or a digit (三-二-二〇一, 3-二-201: a door's shorthand, maybe). */
const SHORTHAND_NUMERAL = /[零〇一二三四五六七八九十百两]-[零〇一二三四五六七八九十百两\d\uFF10-\uFF19]|[\d\uFF10-\uFF19]-[零〇一二三四五六七八九十百两]/u
const DOOR_NUMERAL = { test: (text: string): boolean => DOOR_WORD_NUMERAL.test(text) || SHORTHAND_NUMERAL.test(text) }
/**
 * A door's shorthand (building-unit-room: 三-二-二〇一, 十七-三-201), three numbers or more joined by hyphens, each in
 * Chinese numerals or digits, as `doorShorthand` gives a record's door (3-2-201): each numeral of it is a door's number.
 * Found in review (session 45): 住三-二-二〇一 read in full beside 住3-2-201 masked.
 */
const SHORTHAND_CHAIN = /(?:[零〇一二三四五六七八九十百两]+|[\d\uFF10-\uFF19]+)(?:-(?:[零〇一二三四五六七八九十百两]+|[\d\uFF10-\uFF19]+)){2,}/gu
/** A Chinese numeral: a known name or address with one may have a numeral run of a text begin or end inside it. */
const CN_NUMERAL = /[零〇一二三四五六七八九十百两]/u
/** The counting form (十二, 二十, 二百零一, 一百一十): hundreds, tens, units. */
const CN_COUNTING = /^(?:([一二两三四五六七八九])百)?(?:零?([一二两三四五六七八九])?(十))?零?([一二两三四五六七八九])?$/u

/**
 * A run of Chinese numerals as the number it writes, in ASCII digits: positional (二〇一, 二零一 → 201; 两 → 2) or the
 * counting form up to 999 (十二 → 12, 二十 → 20, 二百零一 → 201, 一百一十 → 110). Undefined when it is neither (十十, 百).
 */
export const chineseNumeral = (run: string): string | undefined => {
  if (!/[十百]/u.test(run)) {
    let digits = ''
    for (const c of run) digits += String(CN_DIGITS[c])
    return digits
  }
  const m = CN_COUNTING.exec(run)
  if (m === null) return undefined
  const [, hundreds, tens, ten, units] = m
  if (hundreds === undefined && ten === undefined) return undefined
  const value = (hundreds === undefined ? 0 : (CN_DIGITS[hundreds] as number) * 100) + (ten === undefined ? 0 : (tens === undefined ? 1 : (CN_DIGITS[tens] as number)) * 10) + (units === undefined ? 0 : (CN_DIGITS[units] as number))
  return String(value)
}

/**
 * The runs of Chinese numerals in `raw` between `start` and `end` that write a door's number — right before or after a
 * door word (号楼, 单元, 室, 栋 …: 三号楼二单元二〇一室, 十二栋, 二楼), or in a door's shorthand (三-二-二〇一:
 * `SHORTHAND_CHAIN`) — by the index (code unit) where each starts: its length and its number in ASCII digits
 * (`chineseNumeral`). A numeral elsewhere (三天前, 张三, 十二月) is left as it is.
 *
 * `known`: the names and addresses looked for that hold a numeral (李四, 郑十一). Where one of them stands in the text,
 * its numerals are its own, not a door's: a run is cut where it begins or ends inside one (李四十七号楼 is 李四 at
 * 十七号楼, 17, not 李 at 四十七号楼, 47; 郑十一号楼 is 郑十一 at 号楼). Found in review (session 45): 李四十七号楼三单元
 * 二〇一 was looked at as 李47号楼3单元201, and neither the name 李四 nor the record's 十七号楼三单元二〇一 was masked.
 * Decided: a known name wins — a person the case names is read before a door the text may mean.
 */
const doorNumerals = (raw: string, start: number, end: number, known: readonly string[] = []): Map<number, { readonly length: number; readonly digits: string }> | undefined => {
  let found: Map<number, { readonly length: number; readonly digits: string }> | undefined
  // Where the known strings with a numeral stand in the text, and its shorthand chains.
  let held: [number, number][] | undefined
  for (const name of known) {
    for (let at = raw.indexOf(name, start); at !== -1 && at < end; at = raw.indexOf(name, at + 1)) (held ??= []).push([at, at + name.length])
  }
  let chains: [number, number][] | undefined
  if (SHORTHAND_NUMERAL.test(raw.slice(start, end))) {
    SHORTHAND_CHAIN.lastIndex = start
    for (let m = SHORTHAND_CHAIN.exec(raw); m !== null && m.index < end; m = SHORTHAND_CHAIN.exec(raw)) (chains ??= []).push([m.index, Math.min(m.index + m[0].length, end)])
  }
  CN_RUN.lastIndex = start
  for (let m = CN_RUN.exec(raw); m !== null && m.index < end; m = CN_RUN.exec(raw)) {
    let runStart = m.index
    let runEnd = Math.min(m.index + m[0].length, end)
    for (const [from, to] of held ?? []) {
      if (from <= runStart && to > runStart) runStart = to
      if (from > runStart && from < runEnd) runEnd = from
    }
    if (runStart >= runEnd) continue
    const run = raw.slice(runStart, runEnd)
    const inChain = chains?.some(([from, to]) => from <= runStart && runEnd <= to) === true
    if (!inChain && !DOOR_AFTER.test(raw.slice(runEnd, Math.min(runEnd + 2, end))) && !DOOR_BEFORE.test(raw.slice(Math.max(start, runStart - 2), runStart))) continue
    const digits = chineseNumeral(run)
    if (digits !== undefined) (found ??= new Map()).set(runStart, { length: run.length, digits })
  }
  return found
}

/** A run of Chinese numerals read as ASCII digits (`canonical`): where its digits are there, and its characters in the text. */
interface NumeralRun {
  readonly from: number
  readonly to: number
  readonly textFrom: number
  readonly textTo: number
}

/**
 * A string as names and addresses are looked for in it: trimmed, full-width digits and letters as ASCII (３号楼 as 3号楼),
 * a door's numbers written in Chinese numerals as ASCII digits (三号楼二单元二〇一 as 3号楼2单元201: `doorNumerals`), and no
 * space but between two Latin letters (新华小区 3号楼 as 新华小区3号楼; Li Lei kept). `at[i]` is the index, among the
 * string's characters (code points), of the canonical text's i-th character (found in review: a mediator's 住新华小区
 * ３号楼２单元２０１, or an address field spaced, read in full beside the same address masked); `runs` the numerals read
 * as digits, which need not have as many characters as their digits (十二 as 12, 二百零一 as 201).
 */
const canonical = (raw: string, known?: readonly string[]): { readonly text: string; readonly at: readonly number[]; readonly runs: readonly NumeralRun[] } => {
  const trimmed = raw.trim()
  const loose = LOOSE.test(trimmed)
  if (!loose && !DOOR_NUMERAL.test(trimmed)) return { text: trimmed, at: [], runs: [] }
  let text = ''
  let last = ''
  const at: number[] = []
  const runs: NumeralRun[] = []
  const start = raw.length - raw.trimStart().length
  const end = start + trimmed.length
  const numerals = doorNumerals(raw, start, end, known)
  if (!loose && numerals === undefined) return { text: trimmed, at: [], runs: [] }
  // Leading spaces are one code unit each: the index in characters starts where the index in code units does.
  for (let i = start, index = start; i < end; index += 1) {
    const numeral = numerals?.get(i)
    if (numeral !== undefined) {
      // Its digits, each at one of its characters (the last ones all at its last, when it has fewer).
      const from = at.length
      for (let d = 0; d < numeral.digits.length; d += 1) at.push(index + Math.min(d, numeral.length - 1))
      text += numeral.digits
      last = numeral.digits.slice(-1)
      runs.push({ from, to: at.length, textFrom: index, textTo: index + numeral.length })
      i += numeral.length
      index += numeral.length - 1
      continue
    }
    const code = raw.codePointAt(i) as number
    const width = code > 0xffff ? 2 : 1
    if (isSpace(code)) {
      // Kept between two Latin letters (the last one kept, the next one in the text).
      if (LATIN.test(last) && LATIN.test(raw.charAt(i + 1))) {
        text += ' '
        last = ' '
        at.push(index)
      }
    } else {
      last = code >= 0xff10 && code <= 0xff5a && LOOSE.test(raw.charAt(i)) ? String.fromCharCode(code - 0xfee0) : raw.slice(i, i + width)
      text += last
      at.push(index)
    }
    i += width
  }
  return { text, at, runs }
}

/** JavaScript's `\s` (what `trim` drops), by code point. */
const isSpace = (code: number): boolean =>
  (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff

/** The known names (longer first) and their masks, and which numbers in free text stay, for one masked walk. */
interface NamesInText {
  readonly known: readonly string[]
  readonly masks: readonly string[]
  /**
   * The reader's own names and addresses (longer first), kept whole: a known string inside one (another party's
   * shorter address within the reader's own) is not masked there. None: nothing kept.
   */
  readonly own?: readonly string[]
  /** The numbers (by `numberKey`) kept in clear — a reader's own; `'all'`: none masked (the reader's own text). */
  readonly numbers: ReadonlySet<string> | 'all' | undefined
}

/** The known and own strings that hold a Chinese numeral (`doorNumerals`' `known`), worked out once for each `NamesInText`. */
const numeralNames = new WeakMap<NamesInText, readonly string[]>()
const withNumerals = (names: NamesInText): readonly string[] => {
  let found = numeralNames.get(names)
  if (found === undefined) {
    found = [...names.known, ...(names.own ?? [])].filter((n) => CN_NUMERAL.test(n))
    numeralNames.set(names, found)
  }
  return found
}

/** The rewrite of one string of free text: the known names masked (`maskNamesInText`), then its phone, id and card numbers. */
const inText = (text: string, names: NamesInText): string => {
  if (isGone(text)) return text
  const { known, masks, own } = names
  const rewrite = (s: string): string => {
    if (own !== undefined && own.length > 0) return keepingOwn(s, known, masks, own)
    let t = s
    for (let i = 0; i < known.length; i += 1) {
      const name = known[i] as string
      if (t.includes(name)) t = t.split(name).join(masks[i] as string)
    }
    return t
  }
  const t = known.length === 0 || (!LOOSE.test(text) && !DOOR_NUMERAL.test(text)) ? rewrite(text) : loosely(text, rewrite, withNumerals(names))
  return names.numbers === 'all' ? t : numbersInText(t, names.numbers)
}

/**
 * `rewrite` (names masked) of a text that writes spaces or full-width characters (`canonical`): rewritten as looked for,
 * each character masked there masked where it stands in the text, the rest of the text as written. A mask keeps its
 * name's length in characters (`maskName`), so the two line up.
 */
const loosely = (text: string, rewrite: (s: string) => string, known?: readonly string[]): string => {
  const c = canonical(text, known)
  if (c.at.length === 0) return rewrite(text)
  const rewritten = rewrite(c.text)
  if (rewritten === c.text) return text
  const chars = [...text]
  // Both walked a character (code point) at a time: a mask is one code unit a character, a name's character may be two.
  let n = 0
  const changed: boolean[] = []
  for (let i = 0, j = 0; i < c.text.length && j < rewritten.length; n += 1) {
    const looked = c.text.codePointAt(i) as number
    const written = rewritten.codePointAt(j) as number
    if (looked !== written) {
      chars[c.at[n] as number] = String.fromCodePoint(written)
      changed[n] = true
    }
    i += looked > 0xffff ? 2 : 1
    j += written > 0xffff ? 2 : 1
  }
  // A door's number in Chinese numerals, read as digits: each of its characters as written, or masked if a digit read
  // at it was (a mask is a star; the last digits of a run read at its last character: 二百零一 as 201, its 零 and 一
  // masked with the 1), so none of it is left when its digits were masked.
  const written = c.runs.length === 0 ? chars : [...text]
  for (const run of c.runs) {
    for (let k = run.textFrom; k < run.textTo; k += 1) chars[k] = written[k] as string
    for (let d = run.from; d < run.to; d += 1) if (changed[d] === true) chars[c.at[d] as number] = '*'
    const lastMasked = changed[run.to - 1] === true
    for (let k = run.textFrom + (run.to - run.from); k < run.textTo; k += 1) if (lastMasked) chars[k] = '*'
  }
  return chars.join('')
}

/**
 * The known strings masked and the reader's own kept, in one scan: at each place the longest string starting there,
 * own or known, is taken whole (the leftmost first), so an own string inside another person's (王芳 in 王芳华) does not
 * save it, and another's inside the reader's own (新华小区9号楼 in 新华小区9号楼1单元301) does not cut it (found in
 * review, both ways).
 */
const keepingOwn = (text: string, known: readonly string[], masks: readonly string[], own: readonly string[]): string => {
  let out = ''
  let plain = 0
  for (let at = 0; at < text.length; ) {
    let length = 0
    let mask: string | undefined
    for (let i = 0; i < known.length; i += 1) {
      const name = known[i] as string
      if (name.length > length && text.startsWith(name, at)) {
        length = name.length
        mask = masks[i] as string
      }
    }
    for (const mine of own) {
      if (mine.length > length && text.startsWith(mine, at)) {
        length = mine.length
        mask = undefined
      }
    }
    if (length === 0) {
      at += 1
      continue
    }
    if (mask !== undefined) {
      out += text.slice(plain, at) + mask
      plain = at + length
    }
    at += length
  }
  return plain === 0 ? text : out + text.slice(plain)
}

/** One value masked as `maskPersonalData` masks it, each string of the result then rewritten as `maskNamesInText` does. */
const maskWalk = (value: unknown, inPerson: boolean, names: NamesInText): unknown => {
  if (typeof value === 'string') return inText(value, names)
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (let i = 0; i < value.length; i += 1) {
      const v: unknown = value[i]
      if (!isPersonalDocumentRef(v)) out.push(maskWalk(v, inPerson, names))
    }
    return out
  }
  if (typeof value !== 'object' || value === null) return value
  const resident = (value as { role?: unknown }).role === 'resident'
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    // maskPersonalData's assignment would make it the copy's prototype, which the second walk's copy then drops.
    if (key === '__proto__') continue
    const v = bareDocuments(key, (value as Record<string, unknown>)[key], seesNone)
    if (v === NONE) continue
    if (isGone(v)) out[key] = v
    else if (typeof v === 'string') {
      if (accountKeys.has(key)) out[key] = v
      else if (phoneKeys.has(key)) out[key] = inText(maskPhone(v), names)
      else if (idKeys.has(key)) out[key] = inText(maskIdNumber(v), names)
      else if (addressKeys.has(key)) out[key] = inText(maskAddress(v), names)
      else if ((inPerson || resident) && key === 'name') out[key] = inText(maskName(v), names)
      else if (nameKeys.has(key)) out[key] = inText(maskName(v), names)
      else out[key] = inText(v, names)
    } else if (Array.isArray(v) && nameKeys.has(key)) out[key] = v.map((x) => (isGone(x) ? x : typeof x === 'string' ? inText(maskName(x), names) : maskWalk(x, true, names)))
    else out[key] = maskWalk(v, personKeys.has(key), names)
  }
  return out
}

/**
 * `maskNamesInText(maskPersonalData(value), names)` in one walk and one copy (a case view is masked on every command's
 * answer): each value masked as `maskPersonalData` masks it, then each string of the result as `maskNamesInText`
 * rewrites it. The same result, key for key (mask.test.ts checks it against the two walks for arbitrary values).
 */
export const maskPersonalDataAndNames = <T>(value: T, names: readonly string[]): T => {
  const known = knownNames(names)
  return maskWalk(value, false, { known, masks: known.map(maskName), numbers: undefined }) as T
}

/** The reader whose own personal data a view keeps in full: a resident's account id, and the names of its person records. */
export interface OwnData {
  /**
   * The resident's account id: a person record with this `residentId` is the reader's own, as is an actor with this id,
   * and a case or event with this `ownerId` (its opening words and its complainant). None for a reader who is not one of
   * the people but may know some of them by name (a supervisor reading who made a 举报: `names` alone).
   */
  readonly residentId?: string | undefined
  /**
   * An account the reader knows by name without being it (a supervisor: the reporter of a 举报, http's `reporterKnown`):
   * as the actor of a step (core's `historyView`) it is read as the reader's own is, its name in full; nothing else of
   * it is kept (a person record with this `residentId` is masked as any other's).
   */
  readonly knownAccount?: string | undefined
  /** The reader's names (a party's, a complainant's): not masked where a consent, signature or application names them, nor in free text. */
  readonly names: readonly string[]
  /** The reader's phone and id numbers (its person records', `personalNumbersOf`): not masked where free text repeats them. */
  readonly numbers?: readonly string[]
  /**
   * The reader owns the case the value is of (the case's `ownerId`): the text an event adds to it in the owner's words
   * (`OWNERS_WORDS`: a 补充's) is the reader's own, as its description. Read where the value does not say it (an
   * event's data: a ComplaintSupplemented carries no `ownerId`).
   */
  readonly ownsCase?: boolean
}

/**
 * The phone and id numbers of a person record (its own fields and its `contact`'s): what `OwnData.numbers` holds. (No
 * person record has a bank card number: one in free text is masked for every masked reader, but in the reader's own
 * opening text.)
 */
export const personalNumbersOf = (person: unknown): string[] => {
  const numbers: string[] = []
  const add = (record: unknown): void => {
    if (typeof record !== 'object' || record === null) return
    for (const [key, v] of Object.entries(record)) if (typeof v === 'string' && !isGone(v) && (phoneKeys.has(key) || idKeys.has(key))) numbers.push(v)
  }
  add(person)
  if (typeof person === 'object' && person !== null) add((person as { contact?: unknown }).contact)
  return numbers
}

/** Free text a case's owner gave when it raised the case (directly on the case or its opening event, `ownerId`'s). */
const openingTextKeys: ReadonlySet<string> = new Set(['title', 'description', 'summary'])
/** Free text a case's owner added to it later, on the case (under `supplements`, each a 补充's `text`). */
const supplementTextKeys: ReadonlySet<string> = new Set(['text'])
/**
 * The events whose data holds the owner's words (what it adds to its case itself, or the hotline on its call), by the
 * keys that hold them: the same words the case keeps under `supplements`.
 */
const OWNERS_WORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([['ComplaintSupplemented', supplementTextKeys]])

/**
 * A resident's view of its own case (DOMAIN.md: personal data in full only for the roles that handle the case; a
 * resident is the person, not a handler): `maskPersonalDataAndNames`, except what is the reader's own — a person record
 * with the reader's `residentId` (its party, its complainant, a referral's applicant), the complainant and the direct
 * phone, id number and address of a case or event the reader owns (`ownerId`, what it gave when it raised the case),
 * the reader as actor, and its names in consents, signatures and free text. Every other person is masked: the other
 * party's name, phone, id number and address, and that name wherever free text repeats it.
 *
 * Phone and id numbers in free text (`NUMBER_IN_TEXT`) are masked as for any masked reader, except the reader's own
 * (`own.numbers`: its phone or id repeated in a note is no one else's) and in the text the reader gave itself — the
 * title, description or summary of a case or event it owns (`ownerId`: what it said when it raised the case; a number
 * there it wrote or dictated, so showing it back tells it nothing), and what it added later by the same rule — the
 * `text` of each of its case's `supplements`, and of an event that adds one (`eventType` in `OWNERS_WORDS`, the reader
 * `own.ownsCase`): a 补充 is the complainant's own, typed by it or by the hotline on its call, as the description may be.
 * Any other text is written by the officials (a note, minutes, a result) or by the other party, and may name a third
 * person's number: masked there, the reader's own excepted. A rule that reads the value (and an event's type): who
 * wrote any other later string is not in it.
 */
export const maskPersonalDataExceptOwn = <T>(value: T, names: readonly string[], own: OwnData, eventType?: string): T => {
  const ownNames = new Set(own.names.map((n) => n.trim()))
  const known = knownNames(names.filter((n) => !ownNames.has(n.trim())))
  const ownNumbers = own.numbers === undefined || own.numbers.length === 0 ? undefined : new Set(own.numbers.map(numberKey))
  const texts: NamesInText = { known, masks: known.map(maskName), numbers: ownNumbers, own: knownNames(own.names) }
  const ownTexts: NamesInText = { ...texts, numbers: 'all' }
  const nameOf = (v: string): string => (ownNames.has(v.trim()) ? inText(v, texts) : inText(maskName(v), texts))
  const isOwn = (o: Record<string, unknown>): boolean =>
    own.residentId !== undefined && (o['residentId'] === own.residentId || (o['role'] === 'resident' && o['id'] === own.residentId))
  // `ownWords`: the keys of this object whose text is the owner's (a supplement of its case, an event adding one).
  const walk = (v: unknown, inPerson: boolean, ownWords?: ReadonlySet<string>): unknown => {
    if (typeof v === 'string') return inText(v, texts)
    if (Array.isArray(v)) return v.map((x) => walk(x, inPerson, ownWords))
    if (typeof v !== 'object' || v === null) return v
    const o = v as Record<string, unknown>
    if (isOwn(o)) return o
    const owned = own.residentId !== undefined && o['ownerId'] === own.residentId
    const ownText = owned ? openingTextKeys : ownWords
    const resident = o['role'] === 'resident'
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(o)) {
      if (key === '__proto__') continue
      const x = o[key]
      if (isGone(x)) out[key] = x
      else if (owned && key === 'complainant') out[key] = x
      else if (typeof x === 'string') {
        if (accountKeys.has(key)) out[key] = x
        else if (phoneKeys.has(key)) out[key] = owned ? x : inText(maskPhone(x), texts)
        else if (idKeys.has(key)) out[key] = owned ? x : inText(maskIdNumber(x), texts)
        else if (addressKeys.has(key)) out[key] = owned ? x : inText(maskAddress(x), texts)
        else if (((inPerson || resident) && key === 'name') || nameKeys.has(key)) out[key] = nameOf(x)
        else out[key] = inText(x, ownText?.has(key) === true ? ownTexts : texts)
      } else if (Array.isArray(x) && nameKeys.has(key)) out[key] = x.map((y) => (isGone(y) ? y : typeof y === 'string' ? nameOf(y) : walk(y, true)))
      else out[key] = walk(x, personKeys.has(key), owned && key === 'supplements' ? supplementTextKeys : undefined)
    }
    return out
  }
  return walk(value, false, own.ownsCase === true && eventType !== undefined ? OWNERS_WORDS.get(eventType) : undefined) as T
}

/**
 * Is this complaint anonymous (匿名: DOMAIN.md "Complaint", a complaint may have no contact) — raised by someone, not a
 * patrol finding, whose complainant gives no name, phone or id number? Its account (`residentId`, `ownerId`, the actor of
 * the steps it took) is then all that ties it to the person, and is withheld as a 举报's reporter is
 * (`reporterWithheld`). Takes a complaint's state or its `ComplaintRegistered` data; false for anything else.
 */
export const anonymousComplaint = (opening: unknown): boolean => {
  if (typeof opening !== 'object' || opening === null) return false
  const { complainant, source, kind } = opening as { complainant?: unknown; source?: unknown; kind?: unknown }
  if (typeof kind !== 'string' || source === 'patrol') return false
  if (complainant === undefined) return true
  if (typeof complainant !== 'object' || complainant === null) return false
  const c = complainant as { name?: unknown; phone?: unknown; idNumber?: unknown }
  return c.name === undefined && c.phone === undefined && c.idNumber === undefined
}

/**
 * Is who raised this case withheld from those who may not know it (the hotline, supervisors and the complainant itself
 * may): a 举报 (信访工作条例 art. 30), or an anonymous complaint (`anonymousComplaint`)? Those readers get its account
 * left out (`withoutReporterAccount`) and its steps by `reporter` (`reporterHidden`).
 */
export const reporterWithheld = (opening: unknown): boolean =>
  (typeof opening === 'object' && opening !== null && (opening as { kind?: unknown }).kind === 'report') || anonymousComplaint(opening)

/** What a 举报's reporter reads as, as the actor of a step, to those who may not know who reported. */
export const REPORTER = 'reporter'

/**
 * A 举报 (report) as those who may not know who reported see it (DOMAIN.md: only the hotline that registered it and
 * supervisors, and the reporter itself; 信访工作条例 art. 30 para. 3 — "不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位",
 * sanctioned by art. 46(五)): besides its complainant's masked name and phone, its account — the complainant's
 * `residentId` and the case's `ownerId` — is left out wherever the value holds them (a case's state, an event's data):
 * an account id is often a phone number (found in a hands-on review, 2026-12-04). A copy; the value itself when it holds
 * neither.
 */
export const withoutReporterAccount = <T>(value: T): T => {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      let out: unknown[] | undefined
      for (let i = 0; i < v.length; i += 1) {
        const next = walk(v[i])
        if (next !== v[i]) (out ??= [...(v as unknown[])])[i] = next
      }
      return out ?? v
    }
    if (typeof v !== 'object' || v === null) return v
    let out: Record<string, unknown> | undefined
    for (const key of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[key]
      if (key === 'residentId' || key === 'ownerId') {
        out ??= { ...(v as Record<string, unknown>) }
        delete out[key]
        continue
      }
      const next = walk(x)
      if (next !== x) (out ??= { ...(v as Record<string, unknown>) })[key] = next
    }
    return out ?? v
  }
  return walk(value) as T
}

/**
 * A step's actor as the same readers see it: a resident — on a 举报, the reporter — as `reporter`, in the case's
 * jurisdiction (its own account and grid left out); anyone else as it is.
 */
export const reporterHidden = <A extends { readonly role: string }>(actor: A, caseJurisdiction: string): A | { readonly id: string; readonly role: 'resident'; readonly jurisdiction: string } =>
  actor.role === 'resident' ? { id: REPORTER, role: 'resident', jurisdiction: caseJurisdiction } : actor


/** What a resident reads as the actor of another resident's step on its case (`othersLeftOut`). */
export const OTHER_RESIDENT = 'other-resident'

/** A person's contact and identity fields: what one party has no need of about another (`othersLeftOut`). */
const contactKeys: ReadonlySet<string> = new Set([...phoneKeys, ...idKeys, ...addressKeys, 'contact'])

/**
 * A resident's view of a case (its state, an event's data, a history entry) without what it has no need of about the
 * other people on it (DOMAIN.md "Jurisdiction and actors", least privilege; 个人信息保护法 art. 6, the minimum necessary
 * for the purpose): in mediation the parties know each other by name (masked on the case, as every other person's),
 * and reach each other through the committee. So another person's record — a party, a referral's respondent or
 * applicant, a complainant: under `personKeys`, with no `residentId` of the reader's and not the complainant of a case
 * or event the reader owns — keeps no phone, id number, address or contact, not even masked (a masked mobile keeps 7 of
 * its 11 digits, an id number its region and last 4); every account id (`residentId`, `ownerId`, `recordedBy`) but the
 * reader's is left out (an account id is often a phone number, and ties the person to every other record it is in); and
 * a step another resident took reads as `OTHER_RESIDENT`'s, in the case's jurisdiction (its account and home grid left
 * out), as a 举报's reporter's does (`reporterHidden`). Applied after masking. A copy of what changed; the value itself
 * when nothing did. Found in review (2026-12-07): the respondent read the applicant's account, as `residentId`, `ownerId`,
 * a consent's `recordedBy` and the actor of its steps, and its masked phone, id number and address.
 */
export const othersLeftOut = <T>(value: T, residentId: string, caseJurisdiction: string): T => {
  const walk = (v: unknown, inPerson: boolean): unknown => {
    if (Array.isArray(v)) {
      let out: unknown[] | undefined
      for (let i = 0; i < v.length; i += 1) {
        const next = walk(v[i], inPerson)
        if (next !== v[i]) (out ??= [...(v as unknown[])])[i] = next
      }
      return out ?? v
    }
    if (typeof v !== 'object' || v === null) return v
    const o = v as Record<string, unknown>
    if (o['residentId'] === residentId) return o
    if (o['role'] === 'resident' && typeof o['id'] === 'string') {
      return o['id'] === residentId || o['id'] === REPORTER ? o : { id: OTHER_RESIDENT, role: 'resident', jurisdiction: caseJurisdiction }
    }
    const owned = o['ownerId'] === residentId
    let out: Record<string, unknown> | undefined
    const drop = (key: string): void => {
      out ??= { ...o }
      delete out[key]
    }
    for (const key of Object.keys(o)) {
      if (key === '__proto__') continue
      const x = o[key]
      if (accountKeys.has(key) && x !== residentId) drop(key)
      else if (inPerson && contactKeys.has(key)) drop(key)
      else if (owned && key === 'complainant') continue
      else {
        const next = walk(x, personKeys.has(key) && key !== 'contact')
        if (next !== x) (out ??= { ...o })[key] = next
      }
    }
    return out ?? o
  }
  return walk(value, false) as T
}
