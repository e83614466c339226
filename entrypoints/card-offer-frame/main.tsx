import { render } from 'preact';
import { CardOfferFrame } from '../../src/ui/card-offer/CardOfferFrame';
import '../../src/ui/base.css';
import '../../src/ui/frames/frames.css';
import '../../src/ui/card-offer/card-offer.css';

render(<CardOfferFrame />, document.getElementById('app')!);
