// The CSS named colours (CSS Color Module Level 4), plus `transparent`.
const NAMED = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown ' +
    'burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan ' +
    'darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid ' +
    'darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet ' +
    'deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ' +
    'ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki ' +
    'lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow ' +
    'lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray ' +
    'lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine ' +
    'mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen ' +
    'mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace ' +
    'olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred ' +
    'papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue ' +
    'saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey ' +
    'snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow ' +
    'yellowgreen transparent'
  ).split(' '),
);

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NUMBER = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?`;
const PERCENT_OR_NUMBER = `${NUMBER}%?`;
const ANGLE = `${NUMBER}(?:deg|rad|grad|turn)?`;
const SEP = String.raw`(?:\s*,\s*|\s+)`;
const ALPHA = String.raw`(?:\s*[,/]\s*${PERCENT_OR_NUMBER})?`;
const RGB = new RegExp(
  String.raw`^rgba?\(\s*${PERCENT_OR_NUMBER}${SEP}${PERCENT_OR_NUMBER}${SEP}${PERCENT_OR_NUMBER}${ALPHA}\s*\)$`,
  'i',
);
const HSL = new RegExp(
  String.raw`^hsla?\(\s*${ANGLE}${SEP}${PERCENT_OR_NUMBER}${SEP}${PERCENT_OR_NUMBER}${ALPHA}\s*\)$`,
  'i',
);

/**
 * True for colours a browser accepts in CSS: hex, rgb()/rgba(), hsl()/hsla() and named
 * colours. Anything else (including `url(...)` or other injections) is rejected, because
 * these values are written into the buyer's widget styles.
 */
export function isCssColor(value: string): boolean {
  const v = value.trim();
  return (
    HEX.test(v) ||
    RGB.test(v) ||
    HSL.test(v) ||
    NAMED.has(v.toLocaleLowerCase('en-US'))
  );
}
