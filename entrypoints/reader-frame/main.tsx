import { render } from 'preact';
import { ReaderFrame } from '../../src/ui/reader/ReaderFrame';
import '../../src/ui/base.css';
import '../../src/ui/frames/frames.css';

render(<ReaderFrame />, document.getElementById('app')!);
