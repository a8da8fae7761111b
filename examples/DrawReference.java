import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;

/**
 * Draws the project's reference image: a lighthouse on a cliff at dusk, 512x512, all by code.
 * Run: java examples/DrawReference.java examples/reference.png
 */
public class DrawReference {
    public static void main(String[] args) throws Exception {
        int size = 512;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);

        g.setPaint(new GradientPaint(0, 0, new Color(32, 40, 96), 0, 330, new Color(250, 150, 90)));
        g.fillRect(0, 0, size, 330);
        g.setColor(new Color(255, 222, 140));
        g.fill(new Ellipse2D.Double(330, 220, 110, 110));
        g.setPaint(new GradientPaint(0, 330, new Color(40, 90, 140), 0, size, new Color(10, 30, 60)));
        g.fillRect(0, 300, size, size - 300);
        g.setColor(new Color(255, 200, 120, 120));
        for (int y = 320; y < size; y += 14) {
            g.fillRect(350 + (y * 7) % 40, y, 60 - (y - 320) / 6, 3);
        }

        Path2D cliff = new Path2D.Double();
        cliff.moveTo(0, size);
        cliff.lineTo(0, 300);
        cliff.curveTo(60, 270, 140, 280, 200, 320);
        cliff.curveTo(230, 360, 250, 430, 270, size);
        cliff.closePath();
        g.setColor(new Color(46, 60, 44));
        g.fill(cliff);

        int baseX = 95;
        int[] towerX = {baseX - 30, baseX + 30, baseX + 20, baseX - 20};
        int[] towerY = {300, 300, 120, 120};
        g.setColor(new Color(235, 235, 230));
        g.fillPolygon(towerX, towerY, 4);
        g.setColor(new Color(200, 40, 40));
        for (int band = 0; band < 3; band++) {
            int y = 150 + band * 50;
            double t0 = (300.0 - y) / 180, t1 = (300.0 - y - 22) / 180;
            int w0 = (int) (30 - 10 * t0), w1 = (int) (30 - 10 * t1);
            g.fillPolygon(new int[]{baseX - w0, baseX + w0, baseX + w1, baseX - w1}, new int[]{y, y, y - 22, y - 22}, 4);
        }
        g.setColor(new Color(60, 60, 70));
        g.fillRect(baseX - 24, 100, 48, 20);
        g.setColor(new Color(255, 240, 160));
        g.fillRect(baseX - 14, 80, 28, 20);
        g.setColor(new Color(60, 60, 70));
        g.fillPolygon(new int[]{baseX - 22, baseX + 22, baseX}, new int[]{80, 80, 58}, 3);
        g.setPaint(new Color(255, 240, 160, 90));
        g.fillPolygon(new int[]{baseX + 14, size, size}, new int[]{88, 40, 150}, 3);

        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(20, 20, 30));
        for (int i = 0; i < 4; i++) {
            int x = 300 + i * 35, y = 90 + (i % 2) * 18;
            g.drawArc(x, y, 14, 10, 0, 180);
            g.drawArc(x + 14, y, 14, 10, 0, 180);
        }

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
        g.setColor(new Color(255, 255, 255, 220));
        g.drawString("img2img", 300, 480);
        g.dispose();
        ImageIO.write(image, "png", new File(args.length > 0 ? args[0] : "reference.png"));
    }
}
