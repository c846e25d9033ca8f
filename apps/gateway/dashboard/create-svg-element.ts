import { appendChildren, applyAttributes, type Attributes, type Child } from './create-element.ts';

const svgNamespace = 'http://www.w3.org/2000/svg';

/** An SVG element (in the SVG namespace, which `document.createElement` would miss). */
export function createSvgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNamespace, tag);
  applyAttributes(element, attributes);
  appendChildren(element, children);
  return element;
}
